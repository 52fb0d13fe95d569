import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker, WorkerOptions } from 'node:worker_threads';
import { StagebankError } from '../common/stagebank.error';
import type { GeocodeResult } from '../geo/geocoder';
import { ImportProblem } from './csv';
import { ImportBudget, importThreadFailed, overBudget } from './import-budget';
import type {
  EmployerLookup,
  ExistingKeys,
  FailedTask,
  ImportKind,
  ImportRequest,
  Outcome,
  PlannedOf,
  ReadResult,
  SitesToLocate,
  TableSummary,
  WorkerMessage,
} from './import.worker';

export interface ReadFile<K extends ImportKind> {
  table: TableSummary | null;
  problems: ImportProblem[];
  planned: Array<PlannedOf<K>>;
}

const logger = new Logger('ImportWorkers');

/** An idle worker thread is kept this long for the next import, then stopped. */
const IDLE_MS = 60_000;
/** From this size a file is read at a lower priority (about 2,000 rows and up; smaller ones are milliseconds of work). */
const BACKGROUND_BYTES = 256 * 1024;
/** Steps (reading a file, mostly) running at once; more wait their turn (on their budget). One core stays the event loop's. */
const MAX_WORKERS = Math.max(1, Math.min(4, availableParallelism() - 1));
/** Files held in threads at once (imports in progress); more wait their turn (on their budget). */
const MAX_HELD = 4 * MAX_WORKERS;

/** How to start an import worker thread: its script and the Worker options for it. */
export interface ImportWorkerEntry {
  filename: string | URL;
  options?: WorkerOptions;
}

/** Injection token of an ImportWorkerEntry other than the default (TransferModule.withImportWorker). */
export const IMPORT_WORKER_ENTRY = Symbol('IMPORT_WORKER_ENTRY');

/**
 * The worker's script beside this file: compiled JavaScript in dist/, or the TypeScript source where
 * the sources run through a loader given to node (`-r`), which the thread inherits with the
 * process's options. Where the sources run without one (Jest's own module system), the caller passes
 * an entry that loads them (the tests' app does).
 */
const defaultEntry = (): ImportWorkerEntry => ({ filename: join(__dirname, `import.worker${extname(__filename)}`) });

function revive(error: FailedTask): Error {
  if ('coded' in error) {
    const { code, message, field, problems, details } = error.coded;
    return new StagebankError(code, message, field, problems, details);
  }
  return Object.assign(new Error(`import worker: ${error.message}`), { stack: error.stack });
}

/** Places to be had in turn, first come first served; waiting counts against the waiting request's budget. */
class Line {
  private used = 0;
  private readonly waiting: Array<{ grant: () => void; refuse: (error: Error) => void }> = [];

  constructor(private readonly places: number) {}

  enter(budget: ImportBudget): Promise<void> {
    if (this.used < this.places) {
      this.used++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(timer);
          resolve();
        },
        refuse: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(
        () => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          reject(overBudget(budget.budgetMs));
        },
        Math.max(0, budget.remainingMs()),
      );
      this.waiting.push(entry);
    });
  }

  /** The place passes to the first in line, if any. */
  leave(): void {
    const next = this.waiting.shift();
    if (next) next.grant();
    else this.used--;
  }

  refuseAll(error: Error): void {
    for (const { refuse } of this.waiting.splice(0)) refuse(error);
  }
}

/**
 * One uploaded file in a worker thread, from reading it to the end of its import. The checked rows
 * stay in that thread (see import.worker.ts); the request asks it, a step at a time, for what it
 * needs. Always `close()` it: the thread goes back to the pool.
 */
export class ImportSession<K extends ImportKind> {
  table: TableSummary | null = null;
  /** The file's problems: decoding, parsing, each row's checks, duplicates. */
  readonly problems: ImportProblem[] = [];
  /** An employer file's keys for the database. */
  lookup: EmployerLookup | null = null;
  private closed = false;

  constructor(
    private readonly pool: ImportWorkers,
    /** Null once the thread has been stopped (a failed or overrunning step). */
    private worker: Worker | null,
    private readonly budget: ImportBudget,
    /** Read at a lower priority: the thread is retired afterwards. */
    private readonly background: boolean,
  ) {}

  /** Reads and checks the file. */
  async read(kind: K, file: Buffer, maxRows: number): Promise<void> {
    // A copy of exactly the file's bytes, handed over rather than copied again.
    const bytes = new Uint8Array(file);
    const result = await this.step<ReadResult>({ type: 'read', kind, file: bytes, maxRows, background: this.background }, [bytes.buffer]);
    this.table = result.table;
    this.lookup = result.lookup;
  }

  /** An employer file: given the records that exist, the new sites that need geocoding, in file order. */
  match(existing: ExistingKeys): Promise<SitesToLocate> {
    return this.step({ type: 'match', existing });
  }

  /** An employer file: given the geocoder's answers for those sites, what each row does. */
  outcome(located: GeocodeResult[]): Promise<Outcome> {
    return this.step({ type: 'outcome', located });
  }

  /** The checked rows themselves (with the coordinates found meanwhile), to write them. */
  async rows(): Promise<Array<PlannedOf<K>>> {
    const rows: Array<PlannedOf<K>> = [];
    await this.step({ type: 'rows' }, [], (batch) => {
      for (const row of batch) rows.push(row as PlannedOf<K>);
    });
    return rows;
  }

  /** Lets the file go and the thread back to the pool; again is a no-op. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      worker.postMessage({ type: 'forget' } satisfies ImportRequest);
      // A thread that lowered its priority cannot raise it again: a successor takes its place.
      if (this.background) this.pool.replace(worker);
      else this.pool.park(worker);
    }
    this.pool.held.leave();
  }

  /**
   * One request to the thread, when it is this import's turn to use a core (the wait counts against
   * the budget), within what is left of the budget: the thread checks it itself between rows, and
   * is stopped where it cannot (one row that holds it), as are its file and this import.
   */
  private async step<R>(
    request: DistributiveOmit<ImportRequest & { type: Exclude<ImportRequest['type'], 'forget'> }, 'id' | 'budget'>,
    transfer: ArrayBuffer[] = [],
    onRows?: (rows: unknown[]) => void,
  ): Promise<R> {
    if (!this.worker) throw new Error('the import worker for this file was stopped');
    const worker = this.worker;
    await this.pool.running.enter(this.budget);
    try {
      return await new Promise<R>((resolve, reject) => {
        const id = this.pool.nextId();
        const settle = (keep: boolean) => {
          clearTimeout(timer);
          worker.off('message', onMessage).off('error', onError).off('exit', onExit);
          if (!keep) {
            this.worker = null;
            this.pool.replace(worker);
          }
        };
        // A thread that fails or stops reports what the client can act on, never an internal error:
        // the budget once it is spent (its own check, or the timer below, racing the failure on a
        // busy machine), else a refusal to retry. What happened to the thread is logged for the operator.
        const failed = (error: Error): Error => {
          if (error instanceof StagebankError) return error;
          const spent = this.budget.remainingMs() <= 0;
          logger.error(`an import thread failed${spent ? " past its request's budget" : ''}: ${error.stack ?? error.message}`);
          return spent ? overBudget(this.budget.budgetMs) : importThreadFailed();
        };
        const onMessage = (message: WorkerMessage) => {
          if (!('id' in message) || message.id !== id) return;
          if (message.type === 'rows') onRows?.(message.rows);
          else if (message.type === 'problems') for (const problem of message.problems) this.problems.push(problem);
          else if (message.type === 'done') {
            settle(true);
            resolve(message.result as R);
          } else {
            settle(true);
            reject(failed(revive(message.error)));
          }
        };
        const onError = (error: Error) => {
          settle(false);
          reject(failed(error));
        };
        const onExit = (code: number) => {
          settle(false);
          reject(failed(new Error(`the import worker stopped (exit code ${code})`)));
        };
        const timer = setTimeout(
          () => {
            settle(false);
            reject(overBudget(this.budget.budgetMs));
          },
          Math.max(0, this.budget.remainingMs()),
        );
        worker.on('message', onMessage).on('error', onError).on('exit', onExit);
        const message = { ...request, id, budget: { budgetMs: this.budget.budgetMs, startedAt: this.budget.startedAt } } as ImportRequest;
        worker.postMessage(message, transfer);
      });
    } finally {
      this.pool.running.leave();
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * A small pool of worker threads (import.worker.ts) that read uploaded files: decoding, CSV
 * parsing and the checks per row, which for a 20,000-row file is seconds of synchronous work that
 * would otherwise hold the event loop and every other user's request with it. A thread holds one
 * file from reading it to the end of its import (an ImportSession), and is kept a while afterwards
 * for the next; a step that runs past its request's budget has its thread stopped (a single
 * pathological cell cannot be interrupted any other way), which the next import replaces.
 *
 * Two limits: steps running at once (MAX_WORKERS, so one core stays the event loop's), and files
 * held at once (MAX_HELD: a held file's thread waits while its request queries the database or the
 * geocoder, which must not keep another import from reading its file meanwhile).
 */
@Injectable()
export class ImportWorkers implements OnModuleDestroy {
  /** @internal Steps running at once, on all threads. */
  readonly running = new Line(MAX_WORKERS);
  /** @internal Files held at once, a thread each. */
  readonly held = new Line(MAX_HELD);
  private readonly idle: Array<{ worker: Worker; timer: NodeJS.Timeout }> = [];
  private readonly live = new Set<Worker>();
  private lastId = 0;
  private closed = false;
  private readonly entry: ImportWorkerEntry;

  constructor(@Optional() @Inject(IMPORT_WORKER_ENTRY) entry?: ImportWorkerEntry | null) {
    this.entry = entry ?? defaultEntry();
  }

  /** Reads and checks `file` in a worker thread, which keeps its rows for the rest of the import; close the session when done. */
  async open<K extends ImportKind>(kind: K, file: Buffer, maxRows: number, budget: ImportBudget): Promise<ImportSession<K>> {
    if (this.closed) throw new Error('the service is stopping');
    await this.held.enter(budget);
    let session: ImportSession<K> | undefined;
    try {
      const worker =
        this.takeIdle() ??
        (await this.start(budget).catch((error: Error) => {
          logger.error(`an import thread did not start: ${error.stack ?? error.message}`);
          throw importThreadFailed();
        }));
      session = new ImportSession<K>(this, worker, budget, file.length >= BACKGROUND_BYTES);
      await session.read(kind, file, maxRows);
      return session;
    } catch (error) {
      if (session) session.close();
      else this.held.leave();
      throw error;
    }
  }

  /** The file read and all its checked rows (a recognition file: its rows are few and small). */
  async read<K extends ImportKind>(kind: K, file: Buffer, maxRows: number, budget: ImportBudget): Promise<ReadFile<K>> {
    const session = await this.open(kind, file, maxRows, budget);
    try {
      const planned = await session.rows();
      return { table: session.table, problems: session.problems, planned };
    } finally {
      session.close();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    const stopping = new Error('the service is stopping');
    this.held.refuseAll(stopping);
    this.running.refuseAll(stopping);
    for (const { timer } of this.idle.splice(0)) clearTimeout(timer);
    await Promise.all([...this.live].map((worker) => worker.terminate()));
  }

  /** @internal */
  nextId(): number {
    return ++this.lastId;
  }

  /** A new thread, once it has loaded its code; that start-up is the service's cost, not the file's, so it is left out of the budget. */
  private async start(budget: ImportBudget): Promise<Worker> {
    const began = performance.now();
    const worker = new Worker(this.entry.filename, this.entry.options);
    worker.unref();
    this.live.add(worker);
    const forget = () => {
      this.live.delete(worker);
      const at = this.idle.findIndex((entry) => entry.worker === worker);
      if (at >= 0) clearTimeout(this.idle.splice(at, 1)[0].timer);
    };
    worker.on('exit', forget);
    // An idle thread's failure only retires it; a busy one's is reported by its step.
    worker.on('error', forget);
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        worker.off('message', onMessage).off('error', done).off('exit', onExit);
        if (error) reject(error);
        else resolve();
      };
      const onMessage = (message: WorkerMessage) => message.type === 'ready' && done();
      const onExit = (code: number) => done(new Error(`the import worker stopped while starting (exit code ${code})`));
      worker.on('message', onMessage).on('error', done).on('exit', onExit);
    });
    budget.exclude(performance.now() - began);
    return worker;
  }

  private takeIdle(): Worker | undefined {
    const entry = this.idle.pop();
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    return entry.worker;
  }

  /** @internal A thread whose import is over waits here for the next. */
  park(worker: Worker): void {
    if (this.closed) {
      void worker.terminate();
      return;
    }
    const timer = setTimeout(() => void worker.terminate(), IDLE_MS); // its 'exit' takes it off the idle list
    timer.unref();
    this.idle.push({ worker, timer });
  }

  /** @internal Stops a thread that overran, failed or was lowered in priority, and starts its successor now, so the next import need not wait for one. */
  replace(worker: Worker): void {
    void worker.terminate();
    if (this.closed) return;
    this.start(new ImportBudget(Number.MAX_SAFE_INTEGER)).then(
      (successor) => this.park(successor),
      () => undefined, // the next import starts one itself
    );
  }
}
