import { InternshipStatus, MembershipRole, addDays, todayIso } from '@stagebank/domain';
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Factory, Member } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

const REDIS_URL = process.env.STAGEBANK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const embedded = process.env.STAGEBANK_TEST_DATABASE_EMBEDDED === '1';
const root = join(__dirname, '..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function eventually<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A process started from its real entry point (the TypeScript source, as Jest compiles it). */
function start(entry: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['-r', './test/support/register-ts.cjs', entry], { cwd: root, env: { ...process.env, ...env } });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/**
 * The production topology in small (docs/topology.md): two API processes that run no jobs, one
 * worker that runs them all, on the same PostgreSQL, Meilisearch and Redis. The embedded database
 * serves one process, so this needs real PostgreSQL.
 */
(embedded ? describe.skip : describe)(
  'two API replicas and a worker (PostgreSQL and Redis; skipped on the embedded database, which serves one process)',
  () => {
    const processes: Array<ReturnType<typeof start>> = [];
    const urls: string[] = [];
    let t: TestApp;
    let f: Factory;
    let coordinator: Member;

    const common = (): NodeJS.ProcessEnv => ({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: process.env.STAGEBANK_TEST_DATABASE_URL,
      MEILI_URL: process.env.STAGEBANK_TEST_MEILI_URL,
      MEILI_MASTER_KEY: process.env.STAGEBANK_TEST_MEILI_MASTER_KEY,
      MEILI_INDEX_PREFIX: 'test_',
      GEOCODER_URL: 'none',
      MAP_TILES_URL: 'none',
      AUTH_TOKEN_SECRET: 'stagebank-test-run-secret-0123456789abcdef',
      REDIS_URL,
      RATE_LIMIT_PER_MINUTE: '60',
      NOTIFICATION_POLL_MS: '100',
      SEED_DEMO: 'false',
    });

    beforeAll(async () => {
      // This process only writes the fixtures; it runs no jobs either, so the worker must do them.
      t = await startTestApp({ JOBS_IN_PROCESS: 'false' });
      f = new Factory(t);
      coordinator = await f.member(MembershipRole.COORDINATOR);
      for (let i = 0; i < 2; i++) {
        const port = await freePort();
        processes.push(start('apps/api/src/main.ts', { ...common(), HOST: '127.0.0.1', PORT: String(port), JOBS_IN_PROCESS: 'false' }));
        urls.push(`http://127.0.0.1:${port}`);
      }
      processes.push(start('apps/worker/src/main.ts', common()));
      for (const url of urls) await eventually(async () => (await fetch(`${url}/health`)).ok, `${url} to start`, 180_000);
      await eventually(async () => processes[2].output().includes('stagebank worker running'), 'the worker to start', 180_000);
    });

    afterAll(async () => {
      for (const { child } of processes) {
        if (child.exitCode !== null) continue;
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      await t?.close();
    });

    const gql = async (replica: number, token: string, query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(`${urls[replica]}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as { data?: any; errors?: Array<{ extensions: { code: string } }> } };
    };

    it("shares one caller's rate limit across the replicas, with RateLimit headers and Retry-After", async () => {
      const caller = await f.member(MembershipRole.COORDINATOR);
      for (let i = 0; i < 30; i++) expect((await gql(0, caller.token, '{ __typename }')).status).toBe(200);
      const second = await gql(1, caller.token, '{ __typename }');
      expect(second.status).toBe(200);
      expect(second.headers.get('ratelimit-limit')).toBe('60');
      // Replica 1 knows what replica 0 counted.
      expect(Number(second.headers.get('ratelimit-remaining'))).toBe(60 - 31);
      for (let i = 0; i < 29; i++) await gql(i % 2, caller.token, '{ __typename }');
      const refused = await gql(1, caller.token, '{ __typename }');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body.errors![0].extensions.code).toBe('RATE_LIMITED');
    });

    it('notifies a watcher on one replica of a seat freed on the other, through the worker', async () => {
      const { site } = await f.employer({ name: 'Bakkerij Replica' });
      const placement = await f.placement(site.id, { seats: 1 });
      const internship = await f.internship(placement.id, (await f.student(coordinator.organisationId)).id, coordinator.organisationId);
      const watched = await gql(0, coordinator.token, `mutation ($input: WatchInput!) { watch(input: $input) { id } }`, {
        input: { placementId: placement.id },
      });
      expect(watched.body.errors).toBeUndefined();
      const cancelled = await gql(1, coordinator.token, `mutation ($id: ID!) { updateInternship(id: $id, input: { status: CANCELLED }) { status } }`, {
        id: internship.id,
      });
      expect(cancelled.body.errors).toBeUndefined();
      const notification = await eventually(async () => {
        const rows = (await gql(0, coordinator.token, `{ notifications(first: 200) { kind placementId } }`)).body.data.notifications as Array<{
          kind: string;
          placementId: string;
        }>;
        return rows.find((n) => n.placementId === placement.id);
      }, 'the seat-freed notification');
      expect(notification.kind).toBe('SEAT_FREED');
    });

    it('matches on one replica what was just written on the other', async () => {
      const spot = { type: 'Point' as const, coordinates: [6.9, 53.3] };
      const student = await f.student(coordinator.organisationId, { homeLocation: spot, maxTravelKm: 3 });
      const { site } = await f.employer({});
      await t.db.query('UPDATE site SET location = ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, wheelchair_accessible = true WHERE id = $3', [
        6.91,
        53.3,
        site.id,
      ]);
      const placement = await f.placement(site.id, { seats: 1, title: 'Plek op replica' });
      const other = await f.student(coordinator.organisationId);
      const held = await f.internship(placement.id, other.id, coordinator.organisationId, {
        startDate: addDays(todayIso(), -30),
        endDate: addDays(todayIso(), 200),
        status: InternshipStatus.ACTIVE,
      });
      const MATCH = `query ($id: ID!) { matchPlacements(studentId: $id) { edges { node { placement { title } } } } }`;
      const titles = async (replica: number) =>
        (
          (await gql(replica, coordinator.token, MATCH, { id: student.id })).body.data.matchPlacements.edges as Array<{
            node: { placement: { title: string } };
          }>
        ).map((e) => e.node.placement.title);
      // Both replicas' indexes warm, and both see the placement full.
      await eventually(async () => !(await titles(0)).includes('Plek op replica') && !(await titles(1)).includes('Plek op replica'), 'both indexes');
      const update = await gql(0, coordinator.token, `mutation ($id: ID!) { updateInternship(id: $id, input: { status: COMPLETED }) { status } }`, {
        id: held.id,
      });
      expect(update.body.errors).toBeUndefined();
      // At once, not eventually: a match waits for its replica to apply writes committed before it.
      expect(await titles(1)).toContain('Plek op replica');
    });
  },
);
