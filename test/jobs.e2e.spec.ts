import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@stagebank/config';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { ChangeStream } from '../apps/api/src/changes/change-stream';
import { EmbeddedVacuum } from '../apps/api/src/jobs/embedded-vacuum';
import { JobRunner, JobStatus } from '../apps/api/src/jobs/job-runner';
import { createApp } from '../apps/api/src/bootstrap';
import { AppModule } from '../apps/api/src/app.module';
import { Factory } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

const embedded = process.env.STAGEBANK_TEST_DATABASE_EMBEDDED === '1';
/** A job name no earlier run left in job_state (the names are letters and dashes only). */
const uniqueName = (prefix: string) => `${prefix}-${[...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const statusOf = async (t: TestApp, name: string): Promise<JobStatus> => (await t.app.get(JobRunner).status()).find((job) => job.name === name)!;

describe('the job runner', () => {
  it('runs no job switched off by JOBS_DISABLED, and the others', async () => {
    const t = await startTestApp({ JOBS_DISABLED: 'notifications,search-outbox' });
    try {
      await until(async () => (await statusOf(t, 'webhooks')).runs > 0, 'the webhooks job to run');
      await sleep(500);
      expect(await statusOf(t, 'notifications')).toMatchObject({ runsHere: false, runs: 0 });
      expect(await statusOf(t, 'search-outbox')).toMatchObject({ runsHere: false, runs: 0 });
      expect(await statusOf(t, 'webhooks')).toMatchObject({ runsHere: true });
    } finally {
      await t.close();
    }
  });

  it('runs only the local jobs when JOBS_IN_PROCESS=false', async () => {
    const t = await startTestApp({ JOBS_IN_PROCESS: 'false' });
    const names = [
      'notifications',
      'webhooks',
      'search-outbox',
      'search-calendar',
      'seat-calendar',
      'student-retention',
      'change-log-prune',
      'embedded-vacuum',
      'internship-holds',
      'internship-ends',
      'employer-link-rounds',
    ];
    try {
      // A singleton's count is across processes (earlier test files' apps may have run one): it must not move while this one runs.
      const before = new Map(await Promise.all(names.map(async (name) => [name, (await statusOf(t, name)).runs] as const)));
      await until(async () => (await statusOf(t, 'notification-feed')).runs > 0, 'the feed to tail');
      await sleep(500);
      for (const name of names) {
        expect({ ...(await statusOf(t, name)), name }).toMatchObject({ name, runsHere: false, runs: before.get(name) });
      }
    } finally {
      await t.close();
    }
  });

  it('gives the worker (apps/worker) every shared and singleton job the API has', async () => {
    const url = process.env.STAGEBANK_TEST_DATABASE_URL!;
    // Jobs registered but not run here: the runner lists what each composition registers.
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEARCH_ENGINE: 'postgres', JOBS_IN_PROCESS: 'false' });
    const target = { url, singleConnection: embedded };
    const registered = async (app: INestApplicationContext) => {
      await app.init();
      try {
        return (await app.get(JobRunner).status()).filter((job) => job.kind !== 'local').map((job) => job.name);
      } finally {
        await app.close();
      }
    };
    const api = await registered(await createApp(config, target));
    const worker = await registered(await NestFactory.createApplicationContext(AppModule.forWorker(config, target), { logger: false }));
    expect(api).toEqual(expect.arrayContaining(['search-outbox', 'search-calendar', 'seat-calendar', 'internship-holds', 'change-log-prune']));
    expect(worker).toEqual(api);
  });

  it('refuses to start with a job name it does not know in JOBS_DISABLED', async () => {
    const url = process.env.STAGEBANK_TEST_DATABASE_URL!;
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEARCH_ENGINE: 'postgres', JOBS_DISABLED: 'webhooks,no-such-job' });
    const app = await createApp(config, { url, singleConnection: embedded });
    await expect(app.init()).rejects.toThrow(/JOBS_DISABLED=.*no job named no-such-job/);
    await app.close().catch(() => undefined);
  });

  it('retries a failing job with back-off, and shows the failure in job_state and /health', async () => {
    const t = await startTestApp({ JOBS_POLL_MS: '50' });
    try {
      const name = uniqueName('test-flaky');
      const calls: number[] = [];
      t.app.get(JobRunner).register({
        name,
        kind: 'singleton',
        everyMs: 3_600_000,
        run: async () => {
          calls.push(Date.now());
          if (calls.length <= 2) throw new Error(`receiver down (call ${calls.length})`);
        },
      });
      const failed = await until(async () => {
        const [row] = await t.db.query(`SELECT failures::int AS failures, last_error, last_failure_at FROM job_state WHERE name = $1`, [name]);
        return row?.failures >= 1 ? row : null;
      }, 'the first failure to be recorded');
      expect(failed.last_error).toBe('receiver down (call 1)');
      const health = await request(t.app.getHttpServer()).get('/health').expect(200);
      expect(health.body.info.jobs.failing).toContain(name);
      expect(health.body.info.jobs[name]).toMatchObject({ kind: 'singleton', failures: 1, lastError: 'receiver down (call 1)' });

      await until(async () => (await statusOf(t, name)).lastSuccessAt, 'the job to succeed on a retry');
      expect(calls).toHaveLength(3);
      // Backed off: about 1 s after the first failure, about 2 s after the second.
      expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(900);
      expect(calls[2] - calls[1]).toBeGreaterThanOrEqual(1900);
      // The process knows of the success before job_state does: wait for the row.
      const row = await until(async () => {
        const [state] = await t.db.query(
          `SELECT runs::int AS runs, failures::int AS failures, attempts, next_run_at > now() + interval '50 minutes' AS later FROM job_state WHERE name = $1`,
          [name],
        );
        return state?.runs >= 1 ? state : null;
      }, 'the success to be recorded');
      expect(row).toEqual({ runs: 1, failures: 2, attempts: 0, later: true });
      const after = await request(t.app.getHttpServer()).get('/health').expect(200);
      expect(after.body.info.jobs.failing).not.toContain(name);
    } finally {
      await t.close();
    }
  });

  (embedded ? it.skip : it)('runs a singleton job once across two app instances (PostgreSQL)', async () => {
    const a = await startTestApp({ JOBS_POLL_MS: '20' });
    const b = await startTestApp({ JOBS_POLL_MS: '20' });
    try {
      const name = uniqueName('test-once');
      const runs = { a: 0, b: 0 };
      // Each run lasts long enough for the other instance to look many times meanwhile.
      const job = (who: 'a' | 'b') => ({ name, kind: 'singleton' as const, everyMs: 3_600_000, run: async () => void (runs[who]++, await sleep(300)) });
      a.app.get(JobRunner).register(job('a'));
      b.app.get(JobRunner).register(job('b'));
      await until(async () => runs.a + runs.b > 0, 'a run');
      await sleep(1500);
      expect(runs.a + runs.b).toBe(1);
      const [row] = await a.db.query(`SELECT runs::int AS runs FROM job_state WHERE name = $1`, [name]);
      expect(row.runs).toBe(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  (embedded ? it.skip : it)('runs the jobs in apps/worker, a process of its own, while the API runs none (PostgreSQL)', async () => {
    const t = await startTestApp({ JOBS_IN_PROCESS: 'false' });
    let worker: ChildProcess | null = null;
    try {
      const changes = t.app.get(ChangeStream);
      const f = new Factory(t);
      const { site } = await f.employer();
      await f.placement(site.id);
      await sleep(1000);
      // Nobody consumes the stream yet: the API runs no jobs.
      expect(await changes.pending('notifications')).toBeGreaterThan(0);

      const root = join(__dirname, '..');
      let output = '';
      worker = spawn(process.execPath, ['-r', join(root, 'test/support/swc-register.js'), join(root, 'apps/worker/src/main.ts')], {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          DATABASE_URL: process.env.STAGEBANK_TEST_DATABASE_URL,
          SEARCH_ENGINE: 'postgres',
          NOTIFICATION_POLL_MS: '100',
          JOBS_DISABLED: 'student-retention',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      worker.stdout!.on('data', (chunk) => (output += chunk));
      worker.stderr!.on('data', (chunk) => (output += chunk));
      const pid = worker.pid;
      await until(async () => (await changes.pending('notifications')) === 0, 'the worker to consume the change stream', 60_000).catch((error: Error) => {
        throw new Error(`${error.message}; its output:\n${output}`);
      });
      // The banner comes once the jobs have started, so possibly just after the first consumption.
      await until(async () => /stagebank worker running on PostgreSQL/.test(output), 'the worker banner');
      expect(output).toMatch(/jobs: .*notifications/);
      expect(output).not.toMatch(/student-retention/);
      // Earlier apps in this file ran the job too; the worker's own run is written down soon after its first success.
      await until(
        async () => {
          const [row] = await t.db.query(`SELECT last_owner FROM job_state WHERE name = 'notifications'`);
          return row?.last_owner?.includes(`:${pid}:`);
        },
        'the worker to be recorded as running the notifications job',
        30_000,
      );
    } finally {
      if (worker && worker.exitCode === null) {
        const exited = new Promise((resolve) => worker!.once('exit', resolve));
        worker.kill('SIGTERM');
        await exited;
      }
      await t.close();
    }
  });

  it('vacuums and analyses the embedded database, which has no autovacuum, and leaves PostgreSQL to its own', async () => {
    const t = await startTestApp({ JOBS_IN_PROCESS: 'false' });
    // One table with half its rows deleted, one with rows only inserted (as a fill leaves a table);
    // autovacuum off for them, so that on a PostgreSQL that has it, only this job could vacuum them.
    const deleted = uniqueName('vacuum_deleted').replace(/-/g, '_');
    const inserted = uniqueName('vacuum_inserted').replace(/-/g, '_');
    try {
      await t.db.query(`CREATE TABLE ${deleted} WITH (autovacuum_enabled = off) AS SELECT g FROM generate_series(1, 2000) g`);
      await t.db.query(`DELETE FROM ${deleted} WHERE g % 2 = 0`);
      await t.db.query(`CREATE TABLE ${inserted} WITH (autovacuum_enabled = off) AS SELECT g FROM generate_series(1, 2000) g`);
      const stats = async () =>
        t.db.query(
          `SELECT relname AS table, n_dead_tup::int AS dead, vacuum_count::int AS vacuums, analyze_count::int AS analyses
             FROM pg_stat_user_tables WHERE relname = ANY($1) ORDER BY relname`,
          [[deleted, inserted]],
        );
      const [first, second] = [deleted, inserted].sort();
      // PostgreSQL 15 writes a backend's counts down when it goes idle, up to 10 s later if it wrote less than a second before.
      await until(
        async () => (await stats()).length === 2 && (await stats()).find((row: { table: string }) => row.table === deleted).dead === 1000,
        'the dead rows to be counted',
      );
      const rounds = await t.app.get(EmbeddedVacuum).run();
      if (embedded) {
        expect(rounds).toBeGreaterThanOrEqual(2);
        const done = [
          { table: first, dead: 0, vacuums: 1, analyses: 1 },
          { table: second, dead: 0, vacuums: 1, analyses: 1 },
        ];
        expect(await stats()).toEqual(done);
        // Nothing left to do for them: the next round leaves them alone.
        await t.app.get(EmbeddedVacuum).run();
        expect(await stats()).toEqual(done);
      } else {
        expect(rounds).toBe(0);
        expect((await stats()).map((row: { vacuums: number; analyses: number }) => row.vacuums + row.analyses)).toEqual([0, 0]);
      }
    } finally {
      await t.db.query(`DROP TABLE IF EXISTS ${deleted}, ${inserted}`);
      await t.close();
    }
  });
});
