import { getStorageToken, ThrottlerStorageService } from '@nestjs/throttler';
import { MembershipRole } from '@stagebank/domain';
import { Client, createClient } from 'graphql-ws';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import WebSocket from 'ws';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from '../apps/api/src/graphql/websocket.server';
import { Factory, Member } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

/** HTTP POST and the WebSocket are two doors to one GraphQL service: the same documents meet the same locks. */

type Refusal = { message: string; code: unknown };

/** Opens a graphql-ws connection signed in with `token`. */
async function connect(port: number, token: string): Promise<Client> {
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

/** The first thing the WebSocket answers to `query`: its errors, or its data. */
function firstAnswer(client: Client, query: string, variables?: Record<string, unknown>): Promise<{ errors?: Refusal[]; data?: unknown }> {
  return new Promise((resolve) => {
    const stop = client.subscribe(
      { query, variables },
      {
        next: (result) => (
          stop(),
          resolve(result.errors ? { errors: result.errors.map((e) => ({ message: e.message, code: e.extensions?.code })) } : { data: result.data })
        ),
        error: (errors) =>
          resolve({
            errors: (errors as Array<{ message: string; extensions?: { code?: unknown } }>).map((e) => ({ message: e.message, code: e.extensions?.code })),
          }),
        complete: () => undefined,
      },
    );
  });
}

/** Documents a careless or hostile client sends; each is refused before anything runs. */
/** Each with the refusal it must get, so a case cannot pass by tripping over another limit. */
function hostileDocuments(): Array<[string, string, RegExp]> {
  let deep = 'id';
  for (let i = 0; i < 8; i++) deep = `sites { employer { ${deep} } }`;
  const wide =
    'edges { node { id name kind sizeClass sectors status sites { id place postcode houseNumber placements { id title tasks sector type seats days } } } }';
  return [
    ['nested deeper than the depth limit', `{ employers(first: 1) { edges { node { ${deep} } } } }`, /depth limit of 12 exceeded/],
    [
      'costing more than the cost limit',
      `{ ${Array.from({ length: 18 }, (_, i) => `a${i}: employers(first: 100) { ${wide} }`).join(' ')} }`,
      /Cost limit of 20000 exceeded/i,
    ],
    [
      '40 aliases of a wide list',
      `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: employers(first: 100) { totalCount }`).join(' ')} }`,
      /Aliases limit of 20 exceeded/,
    ],
    ['40 aliases of __typename', `{ ${Array.from({ length: 40 }, (_, i) => `t${i}: __typename`).join(' ')} }`, /Aliases limit of 20 exceeded/],
    ['more directives than allowed', `{ me { role ${'@include(if: true) '.repeat(25)} } }`, /Directives limit of 20 exceeded/],
    ['more tokens than allowed', `{ ${Array.from({ length: 2000 }, () => 'me { role }').join(' ')} }`, /more that 5000 tokens/],
    ['a syntax error', `{ me { role `, /Syntax Error: Expected Name/],
    ['an unknown field', `{ me { password } }`, /Cannot query field "password"/],
    ['a deep subscription', `subscription { notificationAdded { placement { site { employer { ${deep} } } } } }`, /depth limit of 12 exceeded/],
  ];
}

describe('HTTP and WebSocket share one execution path', () => {
  let t: TestApp;
  let port: number;
  let coordinator: Member;
  let readKey: string;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    const f = new Factory(t);
    coordinator = await f.member(MembershipRole.COORDINATOR);
    const admin = await f.member(MembershipRole.SCHOOL_ADMIN);
    const key = await t.gql(`mutation { createApiKey(input: { name: "lezen", scope: READ }) { secret } }`, {}, admin.token);
    readKey = key.data!.createApiKey.secret;
  });
  afterAll(() => t.close());

  it.each(hostileDocuments())('refuses a document %s with the same error over both transports', async (_what, query, reason) => {
    for (const token of [coordinator.token, readKey]) {
      const http = await t.gql(query, {}, token);
      expect(http.status).toBe(400);
      expect(http.errors!.length).toBeGreaterThan(0);
      const viaHttp = http.errors!.map((e) => ({ message: e.message, code: e.extensions.code }));
      expect(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']).toContain(viaHttp[0].code);
      expect(viaHttp[0].message).toMatch(reason);
      const client = await connect(port, token);
      try {
        expect((await firstAnswer(client, query)).errors).toEqual(viaHttp);
      } finally {
        await client.dispose();
      }
    }
  });

  it('carries subscriptions only over the WebSocket, and refuses them over HTTP', async () => {
    const client = await connect(port, coordinator.token);
    try {
      expect((await firstAnswer(client, `{ me { role } }`)).errors).toEqual([{ message: expect.stringMatching(/subscriptions only/), code: 'BAD_REQUEST' }]);
      expect((await firstAnswer(client, `mutation { markNotificationsRead(ids: []) }`)).errors?.[0].code).toBe('BAD_REQUEST');
    } finally {
      await client.dispose();
    }
    const http = await t.gql(`subscription { notificationAdded { id } }`, {}, coordinator.token);
    expect(http.status).toBe(400);
    expect(http.errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_REQUEST' } })]);
  });

  it('formats errors raised while subscribing, with a code and the field', async () => {
    const client = await connect(port, coordinator.token);
    try {
      const answer = await firstAnswer(client, `subscription ($a: ID) { notificationAdded(afterId: $a) { id } }`, { a: 'not-an-id' });
      expect(answer.errors).toEqual([{ message: expect.stringMatching(/afterId/), code: 'BAD_USER_INPUT' }]);
      const variable = await firstAnswer(client, `subscription ($a: ID) { notificationAdded(afterId: $a) { id } }`, { a: { nested: true } });
      expect(variable.errors?.[0].code).toBe('BAD_USER_INPUT');
    } finally {
      await client.dispose();
    }
  });

  it(`holds at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions on one connection`, async () => {
    const client = await connect(port, coordinator.token);
    const stops: Array<() => void> = [];
    try {
      const refused = new Promise<unknown>((resolve) => {
        for (let i = 0; i <= MAX_SUBSCRIPTIONS_PER_CONNECTION; i++) {
          stops.push(
            client.subscribe({ query: `subscription { notificationAdded { id } }` }, { next: () => undefined, error: resolve, complete: () => undefined }),
          );
        }
      });
      expect(await refused).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/At most 10 subscriptions/), extensions: { code: 'BAD_REQUEST' } }),
      ]);
    } finally {
      stops.forEach((stop) => stop());
      await client.dispose();
    }
  });

  it('closes a connection that sends a message larger than any subscription needs', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${coordinator.token}`, padding: 'x'.repeat(1024 * 1024) } }));
    expect(await closed).toBe(1009); // message too big
    expect((await request(t.app.getHttpServer()).get('/health')).status).toBe(200);
  });
});

describe('one rate limit over both transports', () => {
  it('counts operations per caller whichever transport brings them, and says when to retry', async () => {
    const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      await t.app.listen(0, '127.0.0.1');
      const port = (t.app.getHttpServer().address() as AddressInfo).port;
      const member = await new Factory(t).member(MembershipRole.COORDINATOR);
      const first = await request(t.app.getHttpServer()).post('/graphql').set('authorization', `Bearer ${member.token}`).send({ query: '{ me { role } }' });
      expect(first.headers['ratelimit-limit']).toBe('3');
      expect(first.headers['ratelimit-remaining']).toBe('2');
      expect((await t.gql(`{ me { role } }`, {}, member.token)).errors).toBeUndefined();
      const client = await connect(port, member.token);
      try {
        const live = client.subscribe(
          { query: `subscription { notificationAdded { id } }` },
          { next: () => undefined, error: () => undefined, complete: () => undefined },
        );
        // Subscribing is not acknowledged: wait until the server counted the live one, so the next
        // is the one over the limit (sent at once, the two could be admitted in either order).
        const storage = t.app.get<ThrottlerStorageService>(getStorageToken());
        const hits = () => Math.max(0, ...[...storage.storage.values()].map((record) => record.totalHits.get('operations') ?? 0));
        for (const until = Date.now() + 10_000; hits() < 3 && Date.now() < until;) await new Promise((resolve) => setTimeout(resolve, 20));
        const refused = await firstAnswer(client, `subscription { notificationAdded { id } }`);
        live();
        expect(refused.errors).toEqual([{ message: expect.stringMatching(/at most 3 a minute/), code: 'RATE_LIMITED' }]);
      } finally {
        await client.dispose();
      }
      const http = await request(t.app.getHttpServer()).post('/graphql').set('authorization', `Bearer ${member.token}`).send({ query: '{ me { role } }' });
      expect(http.status).toBe(429);
      expect(Number(http.headers['retry-after'])).toBeGreaterThan(0);
      expect(http.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'RATE_LIMITED' } })]);
    } finally {
      await t.close();
    }
  });
});
