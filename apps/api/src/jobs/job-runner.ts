import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConfigError, type AppConfig } from '@stagebank/config';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../common/config.provider';

/**
 * - `shared`: every process that runs jobs runs it; the work is shared through row leases in its
 *   own tables (SKIP LOCKED), so two replicas neither lose nor repeat an item (outbox, events, deliveries).
 * - `singleton`: one process at a time across all replicas, once per `everyMs` (a lease row in job_state).
 * - `local`: upkeep of this process's own memory (the notification feed, search readiness); runs in
 *   every process whatever the switches say, since no other process can do it for this one.
 */
export type JobKind = 'shared' | 'singleton' | 'local';

export interface JobDefinition {
  /** Lower-case words with dashes; what JOBS_DISABLED and /health call it. */
  name: string;
  kind: JobKind;
  /** shared and local: the pause when there is no work; singleton: the time from one run to the next. */
  everyMs: number;
  /** How long after this process starts it first runs the job (default: at once). */
  firstAfterMs?: number;
  /** Longest pause between retries after failures (backing off from `everyMs`, or 1 s for a singleton). */
  retryMaxMs?: number;
  /** singleton: how long a run may last before another process may take the job over. */
  leaseMs?: number;
  /** One run. For shared and local jobs a positive count means there may be more: run again at once. */
  run: () => Promise<number | void>;
}

export interface JobHandle {
  readonly name: string;
  /** Run now (new work arrived) rather than after the pause. */
  wake(): void;
}

/** What /health and the backgroundJobs query show of a job. */
export interface JobStatus {
  name: string;
  kind: JobKind;
  /** Whether this process runs it (switched on, and jobs run in this process). */
  runsHere: boolean;
  runs: number;
  failures: number;
  lastStartedAt: Date | null;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastError: string | null;
  /** singleton: when it is next due. */
  nextRunAt: Date | null;
  /** The process that last ran it (host:pid:id). */
  lastRunBy: string | null;
}

/** A shared job's success is written down at most this often (its idle polls run every few ms). */
const RECORD_SUCCESS_EVERY_MS = 60_000;
const DEFAULT_RETRY_MAX_MS = 30_000;
const DEFAULT_LEASE_MS = 10 * 60_000;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

interface Registered {
  definition: JobDefinition;
  memory: { runs: number; failures: number; lastStartedAt: Date | null; lastSuccessAt: Date | null; lastFailureAt: Date | null; lastError: string | null };
  loop: JobLoop | null;
  /** Wake-ups that came before the loop started. */
  woken: boolean;
  recordedAt: number;
  recordedFailure: boolean;
}

/**
 * The one runner of background work. Every job has a name, a kind, a switch (JOBS_IN_PROCESS for
 * all but local jobs, JOBS_DISABLED for each), a pause or period, back-off on failure, and a
 * record in job_state of what ran and what failed. The embedded database serves one session with
 * no LISTEN, so this runner needs neither: it polls, and callers `wake` a job when they know of
 * work (a NOTIFY on PostgreSQL, a write in this process).
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('JobRunner');
  /** Names this process in job_state: host, pid and a random part (pids repeat across containers). */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly jobs = new Map<string, Registered>();
  private started = false;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  register(definition: JobDefinition): JobHandle {
    if (!/^[a-z]+(-[a-z]+)*$/.test(definition.name)) throw new Error(`job name "${definition.name}" must be lower-case words joined by dashes`);
    if (this.jobs.has(definition.name)) throw new Error(`a job named "${definition.name}" is registered twice`);
    const job: Registered = {
      definition,
      memory: { runs: 0, failures: 0, lastStartedAt: null, lastSuccessAt: null, lastFailureAt: null, lastError: null },
      loop: null,
      woken: false,
      recordedAt: 0,
      recordedFailure: false,
    };
    this.jobs.set(definition.name, job);
    if (this.started && !this.stopped) void this.start(job);
    return {
      name: definition.name,
      wake: () => {
        if (job.loop) job.loop.wake();
        else job.woken = true;
      },
    };
  }

  /** Whether this process runs the job: local ones always; the rest when jobs run here and it is not switched off. */
  runsHere(name: string): boolean {
    const job = this.jobs.get(name);
    if (!job) return false;
    return job.definition.kind === 'local' || (this.config.jobs.inProcess && !this.config.jobs.disabled.includes(name));
  }

  async onApplicationBootstrap(): Promise<void> {
    const unknown = this.config.jobs.disabled.filter((name) => !this.jobs.has(name));
    if (unknown.length > 0) {
      throw new ConfigError([
        `JOBS_DISABLED=${JSON.stringify(this.config.jobs.disabled.join(','))}: no job named ${unknown.join(', ')}; the jobs are ${[...this.jobs.keys()].join(', ')}`,
      ]);
    }
    this.started = true;
    for (const job of this.jobs.values()) await this.start(job);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.jobs.values()].map((job) => job.loop?.stop() ?? Promise.resolve()));
  }

  /** Every registered job: this process's memory of it, with the record of all processes from job_state. */
  async status(): Promise<JobStatus[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT name, runs::int AS runs, failures::int AS failures, last_started_at, last_success_at, last_failure_at, last_error, next_run_at, last_owner FROM job_state`,
    );
    const recorded = new Map(rows.map((row) => [row.name as string, row]));
    const latest = (a: Date | null, b: unknown) => (b instanceof Date && (!a || b > a) ? b : a);
    return [...this.jobs.values()]
      .map(({ definition, memory }) => {
        const row = recorded.get(definition.name);
        const lastFailureAt = latest(memory.lastFailureAt, row?.last_failure_at);
        return {
          name: definition.name,
          kind: definition.kind,
          runsHere: this.runsHere(definition.name),
          // A singleton's count is across replicas; a shared or local one's is this process's.
          runs: definition.kind === 'singleton' ? Number(row?.runs ?? 0) : memory.runs,
          failures: definition.kind === 'singleton' ? Number(row?.failures ?? 0) : memory.failures,
          lastStartedAt: latest(memory.lastStartedAt, row?.last_started_at),
          lastSuccessAt: latest(memory.lastSuccessAt, row?.last_success_at),
          lastFailureAt,
          lastError: lastFailureAt === memory.lastFailureAt ? memory.lastError : ((row?.last_error as string | null) ?? null),
          nextRunAt: definition.kind === 'singleton' ? ((row?.next_run_at as Date | null) ?? null) : null,
          lastRunBy: (row?.last_owner as string | null) ?? (memory.lastStartedAt ? this.owner : null),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private async start(job: Registered): Promise<void> {
    const { definition } = job;
    if (!this.runsHere(definition.name)) return;
    if (definition.kind !== 'local') await this.db.query(`INSERT INTO job_state (name) VALUES ($1) ON CONFLICT DO NOTHING`, [definition.name]);
    const retryMaxMs = definition.retryMaxMs ?? DEFAULT_RETRY_MAX_MS;
    job.loop =
      definition.kind === 'singleton'
        ? new JobLoop(definition.name, Math.min(definition.everyMs, this.config.jobs.pollMs), retryMaxMs, () => this.runSingleton(job), this.logger)
        : new JobLoop(definition.name, definition.everyMs, retryMaxMs, () => this.runOnce(job), this.logger);
    job.loop.start(definition.firstAfterMs ?? 0);
    if (job.woken) job.loop.wake();
  }

  /** A shared or local job's run, remembered here and (a shared one's) written down now and then. */
  private async runOnce(job: Registered): Promise<number> {
    const { memory, definition } = job;
    memory.lastStartedAt = new Date();
    try {
      const count = (await definition.run()) ?? 0;
      memory.runs++;
      memory.lastSuccessAt = new Date();
      if (definition.kind === 'shared' && (job.recordedFailure || Date.now() - job.recordedAt > RECORD_SUCCESS_EVERY_MS)) {
        await this.db.query(`UPDATE job_state SET last_started_at = $2, last_success_at = now(), runs = runs + 1, last_owner = $3 WHERE name = $1`, [
          definition.name,
          memory.lastStartedAt,
          this.owner,
        ]);
        job.recordedAt = Date.now();
        job.recordedFailure = false;
      }
      return count;
    } catch (error) {
      memory.failures++;
      memory.lastFailureAt = new Date();
      memory.lastError = message(error);
      if (definition.kind === 'shared') {
        await this.db
          .query(`UPDATE job_state SET last_failure_at = now(), last_error = $2, failures = failures + 1, last_owner = $3 WHERE name = $1`, [
            definition.name,
            memory.lastError,
            this.owner,
          ])
          .catch(() => undefined);
        job.recordedFailure = true;
      }
      throw error;
    }
  }

  /**
   * Takes the job's lease when it is due and nobody holds it (one UPDATE, so of several processes
   * exactly one wins), runs it, and sets when it is next due: a period on from now, or after a
   * failure 1 s, 2 s, 4 s … (at most retryMaxMs, never past the period). Returns 0: the loop's
   * pause is only how often to look.
   */
  private async runSingleton(job: Registered): Promise<number> {
    const { definition, memory } = job;
    const leaseSeconds = (definition.leaseMs ?? DEFAULT_LEASE_MS) / 1000;
    // In a WITH, so the driver returns the rows (a bare UPDATE … RETURNING comes back as [rows, count]).
    const [claimed]: Array<{ attempts: number }> = await this.db.query(
      `WITH claimed AS (
         UPDATE job_state SET lease_owner = $2, lease_until = now() + make_interval(secs => $3), last_started_at = now(), last_owner = $2
          WHERE name = $1 AND next_run_at <= now() AND (lease_until IS NULL OR lease_until < now())
          RETURNING attempts)
       SELECT attempts FROM claimed`,
      [definition.name, this.owner, leaseSeconds],
    );
    if (!claimed) return 0;
    memory.lastStartedAt = new Date();
    try {
      await definition.run();
      memory.runs++;
      memory.lastSuccessAt = new Date();
      await this.db.query(
        `UPDATE job_state SET lease_owner = NULL, lease_until = NULL, attempts = 0, runs = runs + 1, last_success_at = now(),
                next_run_at = now() + make_interval(secs => $3)
          WHERE name = $1 AND lease_owner = $2`,
        [definition.name, this.owner, definition.everyMs / 1000],
      );
    } catch (error) {
      memory.failures++;
      memory.lastFailureAt = new Date();
      memory.lastError = message(error);
      const retryMs = Math.min(1000 * 2 ** claimed.attempts, definition.retryMaxMs ?? DEFAULT_RETRY_MAX_MS, definition.everyMs);
      this.logger.warn(`job ${definition.name} failed (attempt ${claimed.attempts + 1}), retrying in ${retryMs} ms: ${memory.lastError}`);
      await this.db.query(
        `UPDATE job_state SET lease_owner = NULL, lease_until = NULL, attempts = attempts + 1, failures = failures + 1,
                last_failure_at = now(), last_error = $3, next_run_at = now() + make_interval(secs => $4)
          WHERE name = $1 AND lease_owner = $2`,
        [definition.name, this.owner, memory.lastError, retryMs / 1000],
      );
    }
    return 0;
  }
}

/**
 * Runs `step` until it reports no more work, then pauses `pauseMs` or until woken. After a
 * failure it pauses `pauseMs`, then twice that, and so on up to `retryMaxMs`, so a broken
 * dependency is not hammered; the first success resets the pause.
 */
export class JobLoop {
  private stopped = false;
  private running: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private failures = 0;

  constructor(
    private readonly name: string,
    private readonly pauseMs: number,
    private readonly retryMaxMs: number,
    private readonly step: () => Promise<number>,
    private readonly logger: Logger,
  ) {}

  start(firstAfterMs = 0): void {
    this.running ??= this.run(firstAfterMs);
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
  }

  private async run(firstAfterMs: number): Promise<void> {
    if (firstAfterMs > 0) await this.pause(firstAfterMs);
    while (!this.stopped) {
      this.woken = false;
      let pause = this.pauseMs;
      try {
        const count = await this.step();
        this.failures = 0;
        if (count > 0) continue;
      } catch (error) {
        this.failures++;
        pause = Math.max(this.pauseMs, Math.min(this.pauseMs * 2 ** (this.failures - 1), this.retryMaxMs));
        if (!this.stopped) this.logger.warn(`job ${this.name} failed, retrying in ${pause} ms: ${message(error)}`);
      }
      if (this.woken || this.stopped) continue;
      await this.pause(pause);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = null;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
    });
  }
}
