import { setImmediate as nextTurn } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { ErrorCode, StagebankError } from '../common/stagebank.error';

/** How long import work runs before it lets other requests have the event loop. */
const SLICE_MS = 8;

/**
 * What one import request may cost, and its manners while it runs. The work proportional to the
 * file (decoding, parsing, checking each row) runs in a worker thread (import-workers.ts), with a
 * budget of its own that starts where the request's did; the request's thread keeps the rest
 * (matching against the database, geocoding, writing), whose loops call `tick()`: every few
 * milliseconds it yields to the event loop, so another user's query waits one slice at most, and
 * past the wall-time budget it stops the import with a coded error. The caller runs inside a
 * transaction or before any write, so stopping writes nothing.
 */
export class ImportBudget {
  /** On this thread's clock (`performance.now()`). */
  private started: number;
  private sliceStarted: number;

  /** `startedAt`: when the budget began, in epoch milliseconds, for a budget carried to another thread. */
  constructor(
    readonly budgetMs: number,
    startedAt?: number,
  ) {
    this.started = startedAt === undefined ? performance.now() : startedAt - performance.timeOrigin;
    this.sliceStarted = performance.now();
  }

  /** When the budget began, in epoch milliseconds (threads have clocks of their own; this one they share). */
  get startedAt(): number {
    return performance.timeOrigin + this.started;
  }

  /** Milliseconds left before the budget is spent (negative past it). */
  remainingMs(now = performance.now()): number {
    return this.budgetMs - (now - this.started);
  }

  /** Leaves `ms` out of the budget: time the service spent on itself (starting a worker thread), not on the file. */
  exclude(ms: number): void {
    this.started += ms;
  }

  /** Yields when this slice is used up; throws past the budget. Cheap enough to call per row. */
  async tick(): Promise<void> {
    const now = performance.now();
    if (now - this.sliceStarted < SLICE_MS) return;
    this.check(now);
    await nextTurn();
    this.sliceStarted = performance.now();
    this.check(this.sliceStarted);
  }

  /** Throws past the budget (after awaiting something slow, such as the geocoder or a query). */
  check(now = performance.now()): void {
    if (this.remainingMs(now) < 0) throw overBudget(this.budgetMs);
  }
}

/** The wall-time budget as a coded error: the import is stopped, nothing written. */
export function overBudget(budgetMs: number): StagebankError {
  return new StagebankError(
    ErrorCode.BAD_USER_INPUT,
    `file: the import took longer than ${budgetMs} ms (IMPORT_TIME_BUDGET_MS) and was stopped; nothing was written. Split the file into smaller ones`,
    'file',
    undefined,
    { limit: 'IMPORT_TIME_BUDGET_MS', budgetMs },
  );
}

/**
 * An import thread that failed or died (not the file's fault that anyone can name, such as a thread
 * that ran out of memory): a coded refusal the client can retry, nothing written; the cause is logged.
 */
export function importThreadFailed(): StagebankError {
  return new StagebankError(
    ErrorCode.UNAVAILABLE,
    'file: the import could not be completed (its thread failed) and was stopped; nothing was written. Try again, or split the file into smaller ones',
    'file',
    undefined,
    { limit: 'IMPORT_THREAD', retryAfterSeconds: 5 },
  );
}

/** The row cap as a coded error: the file is refused before its rows are validated, nothing written. */
export function tooManyRows(maxRows: number): StagebankError {
  return new StagebankError(
    ErrorCode.BAD_USER_INPUT,
    `file: the file has more than ${maxRows} rows (IMPORT_MAX_ROWS); nothing was written. Split it into files of at most ${maxRows} rows`,
    'file',
    undefined,
    { limit: 'IMPORT_MAX_ROWS', maxRows },
  );
}
