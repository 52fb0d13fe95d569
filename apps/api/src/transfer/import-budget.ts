import { setImmediate as nextTurn } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { ErrorCode, StagebankError } from '../common/stagebank.error';

/** How long import work runs before it lets other requests have the event loop. */
const SLICE_MS = 8;

/**
 * What one import request may cost, and its manners while it runs. The CPU work per row (parse,
 * validate, resolve keys) is small, so instead of a worker thread (which would copy every row
 * across and could not share the database connection) the loops call `tick()`: every few
 * milliseconds it yields to the event loop, so another user's query waits one slice at most, and
 * past the wall-time budget it stops the import with a coded error. The caller runs inside a
 * transaction or before any write, so stopping writes nothing.
 */
export class ImportBudget {
  private readonly started = performance.now();
  private sliceStarted = this.started;

  constructor(private readonly budgetMs: number) {}

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
    if (now - this.started > this.budgetMs) {
      throw new StagebankError(
        ErrorCode.BAD_USER_INPUT,
        `file: the import took longer than ${this.budgetMs} ms (IMPORT_TIME_BUDGET_MS) and was stopped; nothing was written. Split the file into smaller ones`,
        'file',
        undefined,
        { limit: 'IMPORT_TIME_BUDGET_MS', budgetMs: this.budgetMs },
      );
    }
  }
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
