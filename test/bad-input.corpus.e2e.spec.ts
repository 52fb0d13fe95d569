import { GraphQLSchemaHost } from '@nestjs/graphql';
import { MembershipRole, OrganisationKind, todayIso } from '@stagebank/domain';
import {
  GraphQLField,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLNamedInputType,
  GraphQLObjectType,
  GraphQLSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
} from 'graphql';
import { Client, createClient } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import WebSocket from 'ws';
import { Factory, Member } from './support/factories';
import { newEmployer, newPlacement, newStudent } from './support/inputs';
import { TestApp, startTestApp } from './support/test-app';

/**
 * A standing corpus of bad input, generated from the executable schema: every argument of every
 * query, mutation and subscription, and the fields of their input objects two levels deep, gets
 * hostile values (injection strings, NUL, lone surrogates, huge and negative numbers, invalid dates
 * and ids, oversized lists, values of the wrong type) while everything else in the operation is
 * valid. Whatever the service answers, it must be a coded error or data: never a 5xx, never
 * INTERNAL_SERVER_ERROR, never a stack trace or database text. A new field is covered as soon as
 * it is in the schema.
 */

/** Two input-object levels below an argument: `input.name`, `input.sites[0].name`. */
const MAX_INPUT_DEPTH = 2;
/**
 * Hostile values per position: an argument, a field of its input object, a field one level deeper.
 * Each position takes the next values of its type in turn, so every value still meets many
 * positions while the file stays under a minute (PGlite answers one query at a time).
 */
const VALUES_PER_POSITION = [4, 1, 1];
/** Requests in flight at once over HTTP. */
const CONCURRENCY = 4;
/** What leaking database or runtime internals looks like in a message. */
const LEAK = /violates|syntax error at|relation "|column "|QueryFailedError|invalid input syntax|out of range for type|duplicate key|node_modules|\n\s+at /;

const today = todayIso();
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Text no field should choke on. */
const HOSTILE_TEXT: unknown[] = [
  "' OR '1'='1",
  'a\u0000b',
  '\ud800',
  '%_\\',
  '',
  'x'.repeat(100_000),
  "'; DROP TABLE employer; --",
  'x\udc00y',
  '   ',
  '\u202e<script>alert(1)</script>',
  '../../../etc/passwd',
  '${7*7}{{7*7}}',
  '1e309',
  '\ufeff',
  42,
  { $ne: null },
];

/** Cursors that decode, but not to a position in the list: for every `after` and `before`, besides text. */
const HOSTILE_CURSORS: unknown[] = [
  cursorOf(['x', 'y']),
  cursorOf([1, 'not-an-id']),
  cursorOf([1e308, -1, 'x']),
  cursorOf([-1]),
  cursorOf({}),
  cursorOf(null),
  cursorOf(['2026-02-30', randomUUID()]),
  '-1',
];

const HOSTILE_BY_TYPE: Record<string, unknown[]> = {
  String: HOSTILE_TEXT,
  ID: [
    'not-an-id',
    '00000000-0000-0000-0000-000000000000',
    'a\u0000',
    '',
    randomUUID().toUpperCase(),
    `${randomUUID()} `,
    "' OR 1=1 --",
    '\ud800',
    'x'.repeat(10_000),
    '0',
    -1,
    1e21,
    true,
    {},
  ],
  Int: [-1, 2147483647, 0, -2147483648, 2147483648, 1e21, 1.5, '1', true, null],
  Float: [-1, 1e308, 0, -1e308, 5e-324, 91, -181, '1.5', true, null],
  Boolean: ['true', 1, null, 'yes'],
  LocalDate: [
    '2026-02-30',
    '9999-12-31',
    '0000-01-01',
    '2026-13-01',
    '-000001-01-01',
    '+275760-09-13',
    '1900-01-01',
    'yesterday',
    '',
    '2026-01-01T00:00:00Z',
    20260101,
    null,
  ],
  DateTime: ['not a date', '9999-12-31T23:59:59Z', '2026-02-30T00:00:00Z', '0001-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', 0, '', null],
  JSONObject: ['x', [], { a: 'b\u0000' }, null],
};

function hostileNamed(type: GraphQLNamedInputType): unknown[] {
  if (isEnumType(type)) return ['NOPE', '', type.getValues()[0].name.toLowerCase(), 1, null];
  if (isInputObjectType(type)) return [null, {}, 'x', [], { nope: 1 }];
  const values = HOSTILE_BY_TYPE[type.name];
  if (!values) throw new Error(`No hostile values for scalar ${type.name}: add them to the corpus`);
  return values;
}

/** Hands out a type's values in turn: the next `n` from where the previous position of that type stopped. */
class Rotation {
  private readonly next = new Map<string, number>();

  take<T>(key: string, values: T[], n: number): T[] {
    if (values.length <= n) return values;
    const start = this.next.get(key) ?? 0;
    this.next.set(key, start + n);
    return Array.from({ length: n }, (_, i) => values[(start + i) % values.length]);
  }
}

/** Ids of real rows, so operations get past "not found" into their deeper paths. */
interface Rows {
  organisation: string;
  employer: string;
  site: string;
  placement: string;
  student: string;
  internship: string;
}

/** Valid text for fields whose rules plain text would break, so a hostile value elsewhere is not masked by them. */
const VALID_TEXT: Record<string, () => string> = {
  postcode: () => '5211 AP',
  homePostcode: () => '5211 AP',
  kvkNumber: () => String(10_000_000 + Math.floor(Math.random() * 89_999_999)),
  crebo: () => '25251',
  targetCrebo: () => '25251',
  creboCodes: () => '25251',
  email: () => `corpus-${randomUUID()}@test.example`,
  phone: () => '0612345678',
  website: () => 'https://corpus.test.example',
  // Loopback and a closed port: should anything ever deliver to it, it goes nowhere.
  url: () => 'https://127.0.0.1:9/corpus',
  werkprocessen: () => 'B1-K1-W1',
  targetWerkprocessen: () => 'B1-K1-W1',
  werkproces: () => 'B1-K1-W1',
  houseNumber: () => '1',
  code: () => `CORPUS-${randomUUID().slice(0, 8)}`,
};

const VALID_NUMBER: Record<string, number> = {
  latitude: 51.69,
  longitude: 5.293,
  radiusKm: 10,
  first: 5,
  seats: 2,
  hoursPerWeek: 16,
  maxStudents: 1,
  maxTravelKm: 10,
  olderThanDays: 30,
};

/** Complete, valid inputs the other tests use, for the input types that have many rules. */
const VALID_INPUTS: Record<string, (rows: Rows) => Record<string, unknown>> = {
  CreateEmployerInput: () => newEmployer(),
  CreatePlacementInput: (rows) => newPlacement(rows.site),
  StudentProfileInput: () => newStudent({ code: VALID_TEXT.code() }),
  SiteInput: () => ({ ...newEmployer().sites[0] }),
};

/** A valid id for an argument or input field, from its name and the operation it belongs to. */
function idFor(name: string, operation: string, rows: Rows): string {
  const byName: Record<string, keyof Rows> = {
    employerId: 'employer',
    keepId: 'employer',
    mergeId: 'employer',
    siteId: 'site',
    placementId: 'placement',
    studentId: 'student',
    internshipId: 'internship',
    organisationId: 'organisation',
  };
  if (byName[name]) return rows[byName[name]];
  if (name === 'id') {
    for (const [word, row] of [
      ['StudentProfile', 'student'],
      ['Student', 'student'],
      ['Employer', 'employer'],
      ['Site', 'site'],
      ['Placement', 'placement'],
      ['Internship', 'internship'],
      ['Organisation', 'organisation'],
    ] as const) {
      if (new RegExp(word).test(operation)) return rows[row];
    }
  }
  return randomUUID();
}

/** A valid value of `type` for the field `name` of `operation`: required input fields filled. */
function validValue(type: GraphQLInputType, name: string, operation: string, rows: Rows): unknown {
  const inner = getNullableType(type);
  if (isListType(inner)) return [validValue(inner.ofType, name, operation, rows)];
  if (isEnumType(inner)) return inner.getValues()[0].name;
  if (isInputObjectType(inner)) return validObject(inner, operation, rows);
  switch (inner.name) {
    case 'ID':
      return idFor(name, operation, rows);
    case 'String':
      return VALID_TEXT[name]?.() ?? 'corpus';
    case 'Int':
    case 'Float':
      return VALID_NUMBER[name] ?? 1;
    case 'Boolean':
      return false;
    case 'LocalDate':
      return today;
    case 'DateTime':
      return new Date().toISOString();
    case 'JSONObject':
      return {};
    default:
      throw new Error(`No valid value for scalar ${inner.name}: add one to the corpus`);
  }
}

function validObject(type: GraphQLInputObjectType, operation: string, rows: Rows): Record<string, unknown> {
  const known = VALID_INPUTS[type.name]?.(rows);
  if (known) return known;
  const object: Record<string, unknown> = {};
  for (const field of Object.values(type.getFields())) {
    if (isNonNullType(field.type) && field.defaultValue === undefined) object[field.name] = validValue(field.type, field.name, operation, rows);
  }
  return object;
}

/** One request of the corpus: `where` names the argument or input field holding the hostile value. */
interface Case {
  operation: 'query' | 'mutation' | 'subscription';
  field: string;
  where: string;
  query: string;
  variables: Record<string, unknown>;
}

const selectionOf = (field: GraphQLField<unknown, unknown>) => (isLeafType(getNamedType(field.type)) ? '' : ' { __typename }');

/**
 * The hostile values for a position of `type`: a list gets oversized and malformed lists and
 * lists of its item type's hostile values; a cursor gets cursors; anything else its type's values.
 */
function hostileValues(type: GraphQLInputType, name: string, validItem: () => unknown, n: number, rotation: Rotation): unknown[] {
  const named = getNamedType(type) as GraphQLNamedInputType;
  if (isListType(getNullableType(type))) {
    const item = validItem();
    const lists = [Array.from({ length: 1001 }, () => item), [null], [[item]], [], ...hostileNamed(named).map((value) => [value])];
    return rotation.take(`[${named.name}]`, lists, n);
  }
  if (name === 'after' || name === 'before') return [...rotation.take('cursor', HOSTILE_CURSORS, 4), ...rotation.take(named.name, hostileNamed(named), 3)];
  return rotation.take(named.name, hostileNamed(named), n);
}

/** The operation calling `field` with every argument as a variable, except those written into the document as `literals`. */
function documentFor(operation: Case['operation'], field: GraphQLField<unknown, unknown>, literals: Record<string, string> = {}): string {
  const variables = field.args.map((a, i) => [a, i] as const).filter(([a]) => !(a.name in literals));
  const signature = variables.length ? `(${variables.map(([a, i]) => `$a${i}: ${a.type.toString()}`).join(', ')})` : '';
  const call = field.args.length ? `(${field.args.map((a, i) => `${a.name}: ${a.name in literals ? literals[a.name] : `$a${i}`}`).join(', ')})` : '';
  return `${operation} Corpus${signature} { ${field.name}${call}${selectionOf(field)} }`;
}

/** Every case for one query, mutation or subscription field. */
function casesFor(operation: Case['operation'], field: GraphQLField<unknown, unknown>, rows: Rows, rotation: Rotation): Case[] {
  const cases: Case[] = [];
  const args = field.args;
  const query = documentFor(operation, field);
  // Required arguments without a default get valid values; optional ones are left out unless under test.
  const valid = () => {
    const variables: Record<string, unknown> = {};
    args.forEach((a, i) => {
      if (isNonNullType(a.type) && a.defaultValue === undefined) variables[`a${i}`] = validValue(a.type, a.name, field.name, rows);
    });
    return variables;
  };
  const walk = (type: GraphQLInputType, name: string, where: string, depth: number, place: (value: unknown) => Record<string, unknown>) => {
    const validItem = () => validValue(getNamedType(type) as GraphQLInputType, name, field.name, rows);
    for (const value of hostileValues(type, name, validItem, VALUES_PER_POSITION[depth], rotation)) {
      cases.push({ operation, field: field.name, where, query, variables: place(value) });
    }
    const named = getNamedType(type);
    if (!isInputObjectType(named) || depth >= MAX_INPUT_DEPTH) return;
    const list = isListType(getNullableType(type));
    for (const child of Object.values(named.getFields())) {
      walk(child.type, child.name, `${where}${list ? '[0]' : ''}.${child.name}`, depth + 1, (value) => {
        const object = { ...validObject(named, field.name, rows), [child.name]: value };
        return place(list ? [object] : object);
      });
    }
  };
  args.forEach((arg, i) => {
    walk(arg.type, arg.name, arg.name, 0, (value) => ({ ...valid(), [`a${i}`]: value }));
    // Text written into the document rather than sent as a variable takes another path through the server.
    const named = getNamedType(arg.type);
    if (named.name === 'String' || named.name === 'ID') {
      for (const text of rotation.take('literal', ["' OR '1'='1", 'a\u0000b', '\ud800'], 1)) {
        const variables = valid();
        delete variables[`a${i}`];
        cases.push({
          operation,
          field: field.name,
          where: `${arg.name} (literal)`,
          query: documentFor(operation, field, { [arg.name]: JSON.stringify(text) }),
          variables,
        });
      }
    }
  });
  return cases;
}

function corpus(schema: GraphQLSchema, rows: Rows): Case[] {
  const rotation = new Rotation();
  const roots: Array<[Case['operation'], GraphQLObjectType | null | undefined]> = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  return roots.flatMap(([operation, root]) => Object.values(root?.getFields() ?? {}).flatMap((field) => casesFor(operation, field, rows, rotation)));
}

interface Answer {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

/** What is wrong with an answer, or null when it is a proper answer to bad input. */
function defectOf(answer: Answer): string | null {
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  if (!answer.body || (answer.body.errors === undefined && answer.body.data === undefined)) return `HTTP ${answer.status} without a GraphQL answer`;
  for (const error of answer.body.errors ?? []) {
    const code = error.extensions?.code;
    if (typeof code !== 'string') return `an error without a code: ${error.message.slice(0, 200)}`;
    if (code === 'INTERNAL_SERVER_ERROR') return 'INTERNAL_SERVER_ERROR';
    if ('stacktrace' in error.extensions! || 'exception' in error.extensions!) return `a stack trace (${code})`;
    if (LEAK.test(error.message)) return `internals in the message: ${error.message.slice(0, 200)}`;
  }
  return null;
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

const describeCase = (c: Case, value = c.variables) => `${c.operation} ${c.field} ${c.where} = ${JSON.stringify(value).slice(0, 120)}`;

describe('a standing corpus of bad input', () => {
  let t: TestApp;
  let port: number;
  let rows: Rows;
  let callers: Member[];
  let cases: Case[];

  beforeAll(async () => {
    // Background pollers share PGlite's one connection with the corpus; nothing here waits for them.
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000000', SEARCH_POLL_MS: '1000', NOTIFICATION_POLL_MS: '1000' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    const f = new Factory(t);
    const school = await f.organisation({ kind: OrganisationKind.PRO_SCHOOL });
    // A network admin of a school reaches nearly every path; the others take what only they may do.
    const admin = await f.member(MembershipRole.NETWORK_ADMIN, school);
    const coordinator = await f.member(MembershipRole.COORDINATOR, school);
    const adviser = await f.member(MembershipRole.SBB_ADVISER, await f.organisation({ kind: OrganisationKind.SBB }));
    callers = [admin, coordinator, adviser];
    const { employer, site } = await f.employer();
    const placement = await f.placement(site.id);
    const student = await f.student(school.id);
    const internship = await f.internship(placement.id, student.id, school.id);
    rows = { organisation: school.id, employer: employer.id, site: site.id, placement: placement.id, student: student.id, internship: internship.id };
    cases = corpus(t.app.get(GraphQLSchemaHost).schema, rows);
  });
  afterAll(() => t?.close());

  const post = async (c: Case, token: string): Promise<Answer> => {
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .send({ query: c.query, variables: c.variables });
    return { status: res.status, body: res.body };
  };

  it('answers every query and mutation case over HTTP with a coded error or data', async () => {
    const http = cases.filter((c) => c.operation !== 'subscription');
    const fields = new Set(http.map((c) => `${c.operation} ${c.field}`));
    process.stdout.write(`bad-input corpus: ${http.length} HTTP cases over ${fields.size} fields\n`);
    expect(http.length).toBeGreaterThanOrEqual(500);
    const defects: string[] = [];
    await pool(http, CONCURRENCY, async (c) => {
      // Whoever may run the operation: past FORBIDDEN, into the code that reads the arguments.
      let answer: Answer | undefined;
      for (const caller of callers) {
        answer = await post(c, caller.token);
        if (answer.body?.errors?.[0]?.extensions?.code !== 'FORBIDDEN') break;
      }
      const defect = defectOf(answer!);
      if (defect) defects.push(`${describeCase(c)}: ${defect}`);
    });
    expect(defects).toEqual([]);
  }, 300_000);

  /** Opens a graphql-ws connection signed in with `token`. */
  async function connect(token: string): Promise<Client> {
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
    });
    await new Promise<void>((resolve, reject) => {
      client.on('connected', () => resolve());
      client.on('closed', (event) => reject(new Error(`closed: ${(event as { code?: number }).code}`)));
    });
    return client;
  }

  /** The first answer to `c` over the WebSocket, or null when none came within `quietMs` (a subscription running quietly). */
  function firstAnswer(client: Client, c: Case, quietMs: number): Promise<Answer['body'] | null> {
    return new Promise((resolve) => {
      const done = (body: Answer['body'] | null): void => (clearTimeout(timer), stop(), resolve(body));
      const stop: () => void = client.subscribe(
        { query: c.query, variables: c.variables },
        {
          next: (result) => done(result as Answer['body']),
          error: (errors) => done({ errors: errors as NonNullable<Answer['body']['errors']> }),
          complete: () => done({ data: null }),
        },
      );
      const timer = setTimeout(() => done(null), quietMs);
    });
  }

  it('answers every subscription case, and refuses queries and mutations, over the WebSocket', async () => {
    const subscriptions = cases.filter((c) => c.operation === 'subscription');
    // Every 25th query or mutation case; a WebSocket message is bounded to 64 kB, so larger ones stay on HTTP.
    const others = cases.filter((c, i) => c.operation !== 'subscription' && i % 25 === 0 && JSON.stringify(c).length < 60_000);
    process.stdout.write(`bad-input corpus: ${subscriptions.length} subscription and ${others.length} query or mutation cases over the WebSocket\n`);
    expect(subscriptions.length).toBeGreaterThan(0);
    const defects: string[] = [];
    // One connection per subscription: graphql-ws's client can close a shared connection when the
    // server completes a subscription the client has just stopped.
    for (const c of subscriptions) {
      const client = await connect(callers[1].token);
      try {
        const answer = await firstAnswer(client, c, 300);
        const defect = answer && defectOf({ status: 200, body: answer });
        if (defect) defects.push(`${describeCase(c)}: ${defect}`);
      } finally {
        await client.dispose();
      }
    }
    const client = await connect(callers[1].token);
    try {
      for (const c of others) {
        const answer = await firstAnswer(client, c, 10_000);
        const defect = answer ? defectOf({ status: 200, body: answer }) : 'no refusal';
        if (defect) defects.push(`${describeCase(c)}: ${defect}`);
        else if (!answer!.errors?.length) defects.push(`${describeCase(c)}: ran over the WebSocket`);
      }
    } finally {
      await client.dispose();
    }
    expect(defects).toEqual([]);
  });

  it('is healthy afterwards', async () => {
    expect((await request(t.app.getHttpServer()).get('/health')).status).toBe(200);
    const answer = await t.gql(`{ placement(id: "${rows.placement}") { id } me { role } }`, {}, callers[1].token);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ placement: { id: rows.placement }, me: { role: 'COORDINATOR' } });
  });
});
