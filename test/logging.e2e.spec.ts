import { MembershipRole } from '@stagebank/domain';
import request from 'supertest';
import { Factory } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

interface Line {
  level: number;
  msg: string;
  context?: string;
  operation?: string | null;
  operationType?: string | null;
  organisation?: string | null;
  outcome?: string;
  durationMs?: number;
  req?: { id: unknown; method: string; path: string };
  res?: { status: number };
}

describe('logs', () => {
  let t: TestApp;
  const raw: string[] = [];
  const lines = (): Line[] => raw.map((l) => JSON.parse(l) as Line);
  // Lines a request wrote: pino-http's one line per request carries `req`.
  const requestLines = () => lines().filter((l) => l.req !== undefined);

  beforeAll(async () => {
    // debug, so Nest's start-up lines are there to be checked for their level.
    t = await startTestApp({ LOG_LEVEL: 'debug' }, { stream: { write: (line: string) => void raw.push(line) } });
  });
  afterAll(() => t.close());

  it('keeps the framework start-up lines below info', () => {
    // Nest holds start-up lines until the app listens (bufferLogs); the test app does not listen.
    t.app.flushLogs();
    const startUp = lines().filter((l) => ['InstanceLoader', 'RoutesResolver', 'RouterExplorer'].includes(l.context ?? ''));
    expect(startUp.length).toBeGreaterThan(0);
    expect(startUp.every((l) => l.level === 20)).toBe(true);
  });

  it('logs each request once, as JSON, with its operation, organisation, duration and outcome, never the user', async () => {
    const f = new Factory(t);
    const member = await f.member(MembershipRole.COORDINATOR);
    raw.length = 0;
    await t.gql(`query LoggedOne { __typename }`, {}, member.token);
    // Refused as it runs (UNAUTHENTICATED): the request succeeds over HTTP, the operation does not.
    await t.gql(`query LoggedBroken { apiKeys { id } }`);
    await request(t.app.getHttpServer()).post('/graphql?secret=in-the-url').set('content-type', 'application/json').send({ query: '{ __typename }' });

    const logged = requestLines();
    expect(logged).toHaveLength(3);
    const [ok, broken, anonymous] = logged;
    expect(ok).toMatchObject({ level: 30, operation: 'LoggedOne', operationType: 'query', organisation: member.organisationId, outcome: 'ok' });
    expect(ok.req).toMatchObject({ method: 'POST', path: '/graphql' });
    expect(ok.durationMs).toEqual(expect.any(Number));
    expect(ok.msg).toContain('query LoggedOne ok');
    expect(broken).toMatchObject({ operation: 'LoggedBroken', organisation: null, outcome: 'error' });
    expect(anonymous).toMatchObject({ operation: 'anonymous', organisation: null, outcome: 'ok' });
    // Neither the user, nor the token, nor the URL's query string.
    const text = raw.join('');
    expect(text).not.toContain(member.userId);
    expect(text).not.toContain(member.token);
    expect(text).not.toContain('in-the-url');
  });
});
