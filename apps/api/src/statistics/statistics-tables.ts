import { Injectable, Logger } from '@nestjs/common';
import { ChangeStream } from '../changes/change-stream';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { JobRunner } from '../jobs/job-runner';
import { StatisticsRepository } from './statistics.repository';

const CONSUMER = 'statistics';
/** How often the job applies what is new (a report applies it first anyway). */
const FOLLOW_EVERY_MS = 5_000;
/** Longest a report waits for another process applying the stream to the tables (it takes milliseconds). */
const CATCH_UP_WAIT_MS = 2_000;
/** Longest a report waits for the tables to be filled (seconds nationally, once, when they are new). */
const FILL_WAIT_MS = 60_000;

/**
 * Placement statistics' tables (statistics_internship, statistics_placement and
 * statistics_seat_change; migration StatisticsTables1795656000000): a consumer of the change
 * stream of its own (`statistics`) writes again the internships and placements each change touches,
 * so a report sums stored figures instead of reading every internship and placement of the period
 * with what they belong to. What depends on the day (an internship unaccounted for, seats offered
 * in a period) is worked out when the report is asked for, so the tables need no nightly rebuild.
 * A consumer that lapsed, or has no checkpoint yet (as the migration leaves it), fills them whole.
 * Both stamp the months whose internships' rows they changed (statistics_month_stamp), which is
 * how each process knows which months' figures it keeps are still good (statistics-figures.ts).
 */
@Injectable()
export class StatisticsTables {
  private readonly logger = new Logger('StatisticsTables');
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(
    private readonly changes: ChangeStream,
    jobs: JobRunner,
  ) {
    jobs.register({ name: 'statistics', kind: 'shared', everyMs: FOLLOW_EVERY_MS, run: () => this.follow() });
  }

  /**
   * Brings the tables up to the changes committed before this call (a coordinator's report shows
   * their own write), filling them first if they are new, and waiting for another replica that is
   * at it. A catch-up already running may have looked before the caller's write: the callers
   * meanwhile share one more after it.
   */
  catchUp(): Promise<void> {
    const run = () =>
      this.fillIfLapsed().then(() => this.changes.consume(CONSUMER, (tx, since) => new StatisticsRepository(tx).applyChanges(since), CATCH_UP_WAIT_MS));
    if (!this.running) {
      this.running = run()
        .then(() => undefined)
        .finally(() => (this.running = null));
      return this.running;
    }
    this.next ??= this.running
      .catch(() => undefined)
      .then(run)
      .then(() => undefined)
      .finally(() => (this.next = null));
    return this.next;
  }

  /** The job's round: fill the tables if the consumer lapsed, else apply what is new. Returns 1 when it did something. */
  async follow(): Promise<number> {
    if (await this.changes.lapsed(CONSUMER)) return (await this.fill()) ? 1 : 0;
    return (await this.changes.consume(CONSUMER, (tx, since) => new StatisticsRepository(tx).applyChanges(since))) ? 1 : 0;
  }

  /** Fills the tables when they are new or lapsed, waiting for another process filling them. */
  private async fillIfLapsed(): Promise<void> {
    const deadline = Date.now() + FILL_WAIT_MS;
    while (await this.changes.lapsed(CONSUMER)) {
      if (await this.fill()) return;
      if (Date.now() > deadline)
        throw new StagebankError(ErrorCode.UNAVAILABLE, 'Placement statistics are being prepared; try again in a minute', undefined, undefined, {
          retryAfterSeconds: 60,
        });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private async fill(): Promise<boolean> {
    const started = Date.now();
    const filled = await this.changes.startOver(CONSUMER, (tx) => new StatisticsRepository(tx).fill());
    if (filled) this.logger.log(`filled the statistics tables (${Date.now() - started} ms)`);
    return filled;
  }
}
