import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The command-line tools beside a running service on the embedded default: PGlite serves one
 * process per data folder, and two processes on one folder lose acknowledged writes. So while a
 * process holds the folder, every CLI refuses with a plain message naming the holder's pid, and
 * writes nothing. Each runs as a real process, as `npm run …` would start it (from the sources).
 */

const root = join(__dirname, '..');
const register = join(root, 'test/support/swc-register.js');

/** The environment of a CLI on the embedded default: no DATABASE_URL, the folder under test. */
const envFor = (dataDir: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  NODE_ENV: 'development',
  LOG_LEVEL: 'warn',
  EMBEDDED_DATA_DIR: dataDir,
  SEARCH_ENGINE: 'postgres',
  AUTH_TOKEN_SECRET: 'stagebank-cli-lock-test-secret-0123456789',
});

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', register, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Opens the folder with the embedded database as the service does, and keeps it until SIGTERM. */
const HOLDER = `
  const { startEmbeddedPostgres } = require('./libs/persistence/src/embedded-postgres.ts');
  startEmbeddedPostgres(process.env.EMBEDDED_DATA_DIR).then((db) => {
    console.log('holding');
    process.once('SIGTERM', () => db.stop().then(() => process.exit(0)));
  }, (error) => { console.error(error); process.exit(1); });
`;

/** After the holder is gone: the tables the folder's database has (a CLI that ran would have migrated it). */
const TABLES = `
  const { startEmbeddedPostgres } = require('./libs/persistence/src/embedded-postgres.ts');
  const { Client } = require('pg');
  (async () => {
    const db = await startEmbeddedPostgres(process.env.EMBEDDED_DATA_DIR);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
    await client.end();
    await db.stop();
    console.log(JSON.stringify({ tables: rows[0].n }));
  })().catch((error) => { console.error(error); process.exit(1); });
`;

const CLIS: Array<[string, string[]]> = [
  ['migrate', ['apps/api/src/cli/migrate.ts', 'up']],
  ['seed', ['apps/api/src/cli/seed.ts']],
  ['token', ['apps/api/src/cli/token.ts', '--user', 'demo@stagebank.example', '--org', 'Demo']],
  ['search:reindex', ['apps/api/src/cli/search-reindex.ts']],
];

describe('the CLIs beside a process holding the embedded data folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stagebank-cli-lock-'));
  const env = envFor(dataDir);
  let holder: ChildProcess;
  let holderOutput = '';

  beforeAll(async () => {
    holder = spawn(process.execPath, ['-r', register, '-e', HOLDER], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    holder.stdout!.on('data', (chunk) => (holderOutput += chunk));
    holder.stderr!.on('data', (chunk) => (holderOutput += chunk));
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', () => holderOutput.includes('holding') && resolve());
      holder.once('exit', (code) => reject(new Error(`the holder exited (${code}): ${holderOutput}`)));
    });
  }, 120_000);

  afterAll(async () => {
    if (holder && holder.exitCode === null) {
      const exited = new Promise((resolve) => holder.once('exit', resolve));
      holder.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(CLIS)(
    '%s refuses, naming the holder and the folder',
    async (_name, args) => {
      const exit = await run(args, env);
      expect(exit.code).toBe(1);
      expect(exit.stderr).toContain(`is in use by process ${holder.pid}`);
      expect(exit.stderr).toContain(dataDir);
      // A plain message, not a stack trace.
      expect(exit.stderr).not.toMatch(/\n\s+at /);
      expect(exit.stdout).toBe('');
      // The lock is still the holder's.
      expect(readFileSync(join(dataDir, 'stagebank.lock'), 'utf8').trim()).toBe(String(holder.pid));
    },
    120_000,
  );

  it('left the database as the holder had it: nothing migrated, seeded or written', async () => {
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGTERM');
    await exited;
    const opened = await run(['-e', TABLES], env);
    expect(opened.code).toBe(0);
    expect(JSON.parse(opened.stdout.trim().split('\n').pop()!)).toEqual({ tables: 0 });
    // The control: the same CLI on the free folder does migrate it, so the count above can tell.
    const migrated = await run(['apps/api/src/cli/migrate.ts', 'up'], env);
    expect(migrated.code).toBe(0);
    const after = await run(['-e', TABLES], env);
    expect(JSON.parse(after.stdout.trim().split('\n').pop()!).tables).toBeGreaterThan(10);
  }, 300_000);
});
