import { Injectable } from '@nestjs/common';
import { CHANGE_CHANNEL } from '@stagebank/persistence';
import { EntityManager } from 'typeorm';
import { ChangeStream } from '../changes/change-stream';
import { DatabaseListener } from '../changes/database-listener';
import { JobRunner } from '../jobs/job-runner';
import { EmployerRepository } from './employer.repository';

/** How often the job looks for changes when nothing wakes it (the embedded database has no NOTIFY). */
const EVERY_MS = 2_000;
/** How long the job waits for a pair another transaction holds before it gives way (well under the deadlock check's 1 s). */
const GIVE_WAY_MS = 100;
/** PostgreSQL's lock_not_available: lock_timeout ran out. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Likely duplicates, kept right under concurrent writes. A site's trigger compares it with its
 * neighbours in the writing transaction, so a coordinator sees a new pair at once; but two
 * transactions adding look-alike employers at one spot each miss the other's uncommitted site.
 * A lock would make every site write wait for any open one, so instead this consumer of the change
 * stream (job `employer-duplicates`, shared: replicas split it) compares the changed employers
 * again once their changes are committed, and the pair appears a moment later.
 */
@Injectable()
export class DuplicateUpkeep {
  constructor(
    private readonly changes: ChangeStream,
    jobs: JobRunner,
    listener: DatabaseListener,
  ) {
    const job = jobs.register({ name: 'employer-duplicates', kind: 'shared', everyMs: EVERY_MS, run: () => this.refresh() });
    listener.follow(CHANGE_CHANNEL, () => job.wake());
  }

  /**
   * Compares the employers changed since the last run again; returns how many. A writing
   * transaction refreshing the same employers locks the same pairs in another order, so this job
   * gives way at once rather than wait: it is the one to lose, never a coordinator's write (CI saw
   * a merge die of such a deadlock). Its checkpoint has not moved, so the next run takes the changes again.
   */
  async refresh(): Promise<number> {
    let employers = 0;
    try {
      await this.changes.consume('duplicates', async (tx: EntityManager, since: string) => {
        employers = (await new EmployerRepository(tx).refreshDuplicatesChangedSince(since, { lockTimeoutMs: GIVE_WAY_MS })).length;
      });
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === LOCK_NOT_AVAILABLE) return 0;
      throw error;
    }
    return employers;
  }
}
