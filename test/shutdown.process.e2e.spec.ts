import { loadConfig } from '@stagebank/config';
import { MembershipRole } from '@stagebank/domain';
import { startEmbeddedPostgres } from '@stagebank/persistence';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TokenService } from '../apps/api/src/auth/token.service';
import { createApp, migrate } from '../apps/api/src/bootstrap';
import { Factory } from './support/factories';
import { newEmployer } from './support/inputs';
import { startTestApp, TestApp } from './support/test-app';

/**
 * `npm start` as an operator runs it, in a process of its own, stopped with SIGTERM (what
 * systemd, Docker and Kubernetes send) while clients stream writes at it. On real PostgreSQL it
 * shares the test database; on the embedded default it runs its own PGlite folder, as a school's
 * laptop does (prepared beforehand with a coordinator), and the folder is opened afterwards to
 * count what was kept.
 */
const embedded = process.env.STAGEBANK_TEST_DATABASE_EMBEDDED === '1';
const root = join(__dirname, '..');
const SECRET = 'stagebank-test-run-secret-0123456789abcdef';
const CREATE = 'mutation($input: CreateEmployerInput!) { createEmployer(input: $input) { id name } }';

interface Outcome {
  name: string;
  /** The answer's body, or null when the request got no answer (refused or cut). */
  body: { data?: { createEmployer?: { id: string } | null } | null; errors?: Array<{ message: string }> } | null;
  status: number | null;
  /** Sent after SIGTERM was. */
  late: boolean;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('SIGTERM to the service process while clients stream writes', () => {
  let child: ChildProcess | undefined;
  let output = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'stagebank-sigterm-'));

  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops accepting, answers every write it took, commits none it did not answer, then closes the database', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      SEARCH_ENGINE: 'postgres',
      GEOCODER_URL: 'none',
      MAP_TILES_URL: 'none',
      RATE_LIMIT_PER_MINUTE: '100000',
      SHUTDOWN_GRACE_MS: '20000',
      AUTH_TOKEN_SECRET: SECRET,
      SEED_DEMO: 'false',
    };
    let token: string;
    if (embedded) {
      // The embedded default: its own folder, migrated, with a coordinator, before the service opens it.
      delete env.DATABASE_URL;
      env.EMBEDDED_DATA_DIR = join(dataDir, 'pglite');
      const folder = await startEmbeddedPostgres(env.EMBEDDED_DATA_DIR);
      const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', AUTH_TOKEN_SECRET: SECRET, SEARCH_ENGINE: 'postgres', GEOCODER_URL: 'none' });
      const app = await createApp(config, { url: folder.url, singleConnection: true });
      try {
        await migrate(app);
        await app.init();
        token = (await new Factory({ app, db: app.get(DataSource), tokens: app.get(TokenService) } as unknown as TestApp).member(MembershipRole.COORDINATOR))
          .token;
      } finally {
        await app.close();
        await folder.stop();
      }
    } else {
      env.DATABASE_URL = process.env.STAGEBANK_TEST_DATABASE_URL;
      const t = await startTestApp();
      try {
        token = (await new Factory(t).member(MembershipRole.COORDINATOR)).token;
      } finally {
        await t.close();
      }
    }

    child = spawn(process.execPath, ['-r', './test/support/register-ts.cjs', 'apps/api/src/main.ts'], { cwd: root, env });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 240_000;
    while (
      !(await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the service did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const marker = `Sigterm ${randomUUID().slice(0, 8)}`;
    const outcomes: Outcome[] = [];
    let answered = 0;
    let signalled = false;
    // Eight clients on keep-alive connections (fetch's default), each writing as soon as it is answered.
    const client = async (c: number) => {
      for (let i = 0; ; i++) {
        const name = `${marker} ${c}-${i}`;
        const late = signalled;
        try {
          const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: CREATE, variables: { input: newEmployer({ name }) } }),
          });
          outcomes.push({ name, status: res.status, body: (await res.json()) as Outcome['body'], late });
          answered++;
        } catch {
          // Refused or cut: the service has stopped listening; this client is done.
          outcomes.push({ name, status: null, body: null, late });
          return;
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, c) => client(c));
    while (answered < 40) await new Promise((resolve) => setTimeout(resolve, 10));

    const answeredBefore = answered;
    child.kill('SIGTERM');
    signalled = true;
    const code = await exited;
    await Promise.all(clients);

    // Read what the database kept, on its own connection (embedded: the folder the process left).
    let stored: Set<string>;
    if (embedded) {
      const db = await startEmbeddedPostgres(env.EMBEDDED_DATA_DIR!);
      const pg = new Client({ connectionString: db.url });
      try {
        await pg.connect();
        stored = new Set((await pg.query<{ name: string }>('SELECT name FROM employer WHERE name LIKE $1', [`${marker} %`])).rows.map((r) => r.name));
      } finally {
        await pg.end();
        await db.stop();
      }
    } else {
      const pg = new Client({ connectionString: process.env.STAGEBANK_TEST_DATABASE_URL });
      await pg.connect();
      stored = new Set((await pg.query<{ name: string }>('SELECT name FROM employer WHERE name LIKE $1', [`${marker} %`])).rows.map((r) => r.name));
      await pg.end();
    }

    expect(code).toBe(0);
    expect(output).toContain('SIGTERM: shutting down');
    expect(output).not.toContain('Connection terminated');
    const failures = outcomes.filter((o) => o.body && (o.body.errors?.length || !o.body.data?.createEmployer));
    expect(failures.map((o) => `${o.status} ${JSON.stringify(o.body?.errors)}`)).toEqual([]);
    const acknowledged = outcomes.filter((o) => o.body?.data?.createEmployer).map((o) => o.name);
    // Writes were running when the signal came: some were answered after it.
    expect(acknowledged.length).toBeGreaterThan(answeredBefore);
    // Every acknowledged write is stored, and every stored write was acknowledged.
    expect([...stored].sort()).toEqual([...acknowledged].sort());
    // Each client ended on a refusal: after SIGTERM, nothing new was taken.
    expect(outcomes.filter((o) => o.body === null)).toHaveLength(8);
  }, 420_000);
});
