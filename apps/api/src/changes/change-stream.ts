import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { asSystem } from '../auth/request-context';
import { JobRunner } from '../jobs/job-runner';
import { CHANGE_FEED_RETENTION_DAYS, FEED_TABLES } from './change-feed';

/**
 * The changes a consumer has not seen: those committed since `snapshot` (a pg_snapshot, as text,
 * of when it last read), and visible to the statement or transaction that asks. Unlike a position
 * alone, a snapshot cannot be overtaken: a transaction still running when it was taken is not in
 * it, so its changes count as unseen whenever they commit, however late, and however long it ran.
 */
export const UNSEEN = (snapshotParam: string, alias = 'c') =>
  `${alias}.txid >= pg_snapshot_xmin(${snapshotParam}::pg_snapshot) AND NOT pg_visible_in_snapshot(${alias}.txid, ${snapshotParam}::pg_snapshot)`;

/**
 * How far `pending` counts. A consumer that stopped can have most of the log unread: search's, say,
 * while Meilisearch is not in use or down for hours. Counting all of it took 0.5-0.8 s of the
 * database at national scale, on every /health call and every scrape of /metrics.
 */
export const PENDING_COUNTED_UP_TO = 10_000;

/** Changes older than this are forgotten (a consumer further behind starts over from the database). */
export const CHANGE_RETENTION_HOURS = 24;
/** How often the log is pruned (by one process across all replicas). */
const PRUNE_EVERY_MS = 3_600_000;
/** PostgreSQL's "could not serialize access": another replica moved the checkpoint since this one's snapshot. */
const SERIALIZATION_FAILURE = '40001';

/**
 * The change stream (table change_log, written by triggers in every writing transaction; what
 * feeds it and what a change carries: libs/persistence/src/change-feeds.ts).
 *
 * A consumer's checkpoint is the snapshot it last read at: it has seen every change visible in it.
 * Shared consumers (search, notifications) handle what is new in a REPEATABLE READ transaction,
 * whose one snapshot is both what they read and their next checkpoint, moved in the same
 * transaction: each change is handled exactly once across replicas and kills. In-memory consumers
 * (the matching index) keep their snapshot in memory the same way.
 */
@Injectable()
export class ChangeStream {
  constructor(
    private readonly db: DataSource,
    jobs: JobRunner,
  ) {
    jobs.register({ name: 'change-log-prune', kind: 'singleton', everyMs: PRUNE_EVERY_MS, firstAfterMs: 60_000, run: () => this.prune() });
  }

  /**
   * Hands the changes `consumer` has not seen to `work` (which selects them with UNSEEN('$1'),
   * `since` as its first parameter) and moves the checkpoint past them, in one transaction.
   * Returns false when there was nothing new, or another replica is at it. With `waitMs`, a
   * consumer another replica is at is waited for (up to that long), then looked at again: for a
   * reader that must see every change committed before it asked.
   */
  async consume(consumer: string, work: (tx: EntityManager, since: string) => Promise<void>, waitMs = 0): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const outcome = await this.consumeOnce(consumer, work, waitMs > 0);
      if (outcome !== 'busy') return outcome === 'done';
      if (Date.now() >= deadline) return false;
    }
  }

  private consumeOnce(consumer: string, work: (tx: EntityManager, since: string) => Promise<void>, wait: boolean): Promise<'idle' | 'done' | 'busy'> {
    return asSystem(async () => {
      // A look first, without a lock: an idle poll stays a read (locking a row would start a write transaction).
      // The first unseen change in txid order, not EXISTS: with the snapshot a correlated value the
      // planner took EXISTS for a third of the log and scanned all of it (225 ms over 1.5 million rows,
      // before every search); in txid order it reads the index from the snapshot's xmin (1 ms).
      const [look] = await this.db.query(
        `SELECT (SELECT c.txid FROM change_log c WHERE ${UNSEEN('k.snapshot')} ORDER BY c.txid LIMIT 1) IS NOT NULL AS due, pg_current_snapshot()::text AS now
           FROM change_checkpoint k WHERE k.consumer = $1`,
        [consumer],
      );
      if (!look) return 'idle';
      if (!look.due) {
        // Caught up: say so now and then, so a consumer idle through a quiet day is not taken for one that lapsed.
        await this.db.query(
          `UPDATE change_checkpoint SET snapshot = $2::pg_snapshot, updated_at = now() WHERE consumer = $1 AND updated_at < now() - interval '1 hour'`,
          [consumer, look.now],
        );
        return 'idle';
      }
      try {
        return await this.db.transaction('REPEATABLE READ', async (tx) => {
          // Waiting for the lock ends in a serialization failure once the holder commits: looked at again then.
          const [checkpoint] = await tx.query(
            `SELECT snapshot::text AS snapshot, pg_current_snapshot()::text AS now FROM change_checkpoint WHERE consumer = $1 FOR UPDATE${wait ? '' : ' SKIP LOCKED'}`,
            [consumer],
          );
          if (!checkpoint) return 'busy';
          await work(tx, checkpoint.snapshot);
          await tx.query(`UPDATE change_checkpoint SET snapshot = $2::pg_snapshot, updated_at = now() WHERE consumer = $1`, [consumer, checkpoint.now]);
          return 'done';
        });
      } catch (error) {
        if ((error as { driverError?: { code?: string } }).driverError?.code === SERIALIZATION_FAILURE) return 'busy';
        throw error;
      }
    });
  }

  /**
   * Hands `work` a REPEATABLE READ transaction in which to rebuild what `consumer` keeps from the
   * database itself, and moves the checkpoint to that transaction's snapshot (making one for a
   * consumer that has none yet): every change the rebuild saw counts as handled, every later one is
   * still to come. Returns false when another replica is at it.
   */
  startOver(consumer: string, work: (tx: EntityManager) => Promise<void>): Promise<boolean> {
    return asSystem(async () => {
      try {
        return await this.db.transaction('REPEATABLE READ', async (tx) => {
          await tx.query(`INSERT INTO change_checkpoint (consumer, snapshot) VALUES ($1, pg_current_snapshot()) ON CONFLICT DO NOTHING`, [consumer]);
          const [checkpoint] = await tx.query(`SELECT pg_current_snapshot()::text AS now FROM change_checkpoint WHERE consumer = $1 FOR UPDATE SKIP LOCKED`, [
            consumer,
          ]);
          if (!checkpoint) return false;
          await work(tx);
          await tx.query(`UPDATE change_checkpoint SET snapshot = $2::pg_snapshot, updated_at = now() WHERE consumer = $1`, [consumer, checkpoint.now]);
          return true;
        });
      } catch (error) {
        if ((error as { driverError?: { code?: string } }).driverError?.code === SERIALIZATION_FAILURE) return false;
        throw error;
      }
    });
  }

  /**
   * Whether `consumer` has not moved for longer than the log keeps changes (say, search ran without
   * Meilisearch for days), or never had a checkpoint: it may have missed some, and must start over
   * from the database.
   */
  async lapsed(consumer: string): Promise<boolean> {
    const [row] = await this.db.query(`SELECT updated_at < now() - make_interval(hours => $2) AS lapsed FROM change_checkpoint WHERE consumer = $1`, [
      consumer,
      CHANGE_RETENTION_HOURS,
    ]);
    return row?.lapsed ?? true;
  }

  /** Moves `consumer` to the present, skipping what is waiting (before it rebuilds from the database). */
  async skipToNow(consumer: string): Promise<void> {
    await this.db.query(`UPDATE change_checkpoint SET snapshot = pg_current_snapshot(), updated_at = now() WHERE consumer = $1`, [consumer]);
  }

  /** Changes `consumer` has not handled yet (of the given entities, or all), counted up to `upTo` (PENDING_COUNTED_UP_TO). */
  async pending(consumer: string, entities?: string[], upTo = PENDING_COUNTED_UP_TO): Promise<number> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS pending
         FROM (SELECT FROM change_log c, change_checkpoint k
                WHERE k.consumer = $1 AND ${UNSEEN('k.snapshot')} AND ($2::text[] IS NULL OR c.entity = ANY($2)) LIMIT $3) unread`,
      [consumer, entities ?? null, upTo],
    );
    return row?.pending ?? 0;
  }

  /**
   * What `consumer` has not handled yet (as `pending`, counted up to PENDING_COUNTED_UP_TO), and the
   * age in seconds of the first of it in the order consumers read, by transaction id: how long ago
   * its transaction began (`change_log.at`), so a long transaction's changes are as old as it is the
   * moment they commit. One statement, so the two agree: the count stops at its limit, and the first
   * is found through the txid index from the checkpoint's xmin (rows seen since are passed over).
   */
  async backlog(consumer: string, entities?: string[]): Promise<{ pending: number; oldestSeconds: number | null }> {
    const unread = `FROM change_log c, change_checkpoint k
                     WHERE k.consumer = $1 AND ${UNSEEN('k.snapshot')} AND ($2::text[] IS NULL OR c.entity = ANY($2))`;
    const [row] = await this.db.query(
      `SELECT (SELECT count(*) FROM (SELECT ${unread} LIMIT $3) counted)::int AS pending,
              extract(epoch FROM clock_timestamp() - (SELECT c.at ${unread} ORDER BY c.txid LIMIT 1))::float8 AS oldest`,
      [consumer, entities ?? null, PENDING_COUNTED_UP_TO],
    );
    return { pending: row?.pending ?? 0, oldestSeconds: row?.oldest == null ? null : Math.round(row.oldest) };
  }

  /**
   * Forgets changes every shared consumer has handled, and any older than the retention; what the
   * change feed serves (FEED_TABLES) is kept CHANGE_FEED_RETENTION_DAYS, and the newest of those
   * forgotten (its transaction) is remembered as the horizon, before which a feed cursor is refused.
   */
  async prune(): Promise<number> {
    const [row] = await this.db.query(
      `WITH gone AS (
         DELETE FROM change_log
          WHERE at < now() - make_interval(days => $3)
             OR (entity <> ALL($2) AND (at < now() - make_interval(hours => $1)
                 OR (at < now() - interval '1 hour' AND txid < (SELECT min(pg_snapshot_xmin(snapshot)) FROM change_checkpoint))))
         RETURNING txid, entity
       ), horizon AS (
         INSERT INTO change_log_horizon AS h (id, txid)
         SELECT true, max(txid) FROM gone WHERE entity = ANY($2) HAVING count(*) > 0
         ON CONFLICT (id) DO UPDATE SET txid = excluded.txid WHERE h.txid < excluded.txid
       )
       SELECT count(*)::int AS deleted FROM gone`,
      [CHANGE_RETENTION_HOURS, FEED_TABLES, CHANGE_FEED_RETENTION_DAYS],
    );
    return row.deleted;
  }
}
