import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { asSystem } from '../auth/request-context';

/**
 * A range of the stream: the changes of transactions with ids in [from, to). Every transaction
 * below `to` has finished, so no change in the range can still appear.
 */
export interface ChangeRange {
  from: string;
  to: string;
}

/** Changes older than this are forgotten (a consumer further behind starts over from the database). */
export const CHANGE_RETENTION_HOURS = 24;
/** How often one process prunes the log. */
const PRUNE_EVERY_MS = 3_600_000;

/**
 * The change stream (table change_log, written by triggers in every writing transaction; what
 * feeds it and what a change carries: libs/persistence/src/change-feeds.ts).
 *
 * A change's position is its transaction id, then its place within that transaction. Consumers
 * never read past the oldest transaction still running (the snapshot's xmin): below it the stream
 * is final, so a checkpoint is one transaction id and nothing committed late slips behind it.
 * Shared consumers (search, notifications) move their checkpoint in the transaction that handles
 * the range, so a range is handled exactly once across replicas and kills; in-memory consumers
 * (the matching index) read what became visible since their previous snapshot.
 */
@Injectable()
export class ChangeStream {
  private readonly logger = new Logger('ChangeStream');
  private prunedAt = 0;

  constructor(private readonly db: DataSource) {}

  /**
   * Hands the changes past `consumer`'s checkpoint to `work` and moves the checkpoint past them,
   * in one transaction. Returns false when there was nothing new, or another replica is at it.
   */
  consume(consumer: string, work: (tx: EntityManager, range: ChangeRange) => Promise<void>): Promise<boolean> {
    return asSystem(async () => {
      // A look first, without a lock: an idle poll stays a read (locking a row would start a write transaction).
      const [{ due, horizon }] = await this.db.query(
        `SELECT EXISTS (SELECT 1 FROM change_log c, change_checkpoint k
                         WHERE k.consumer = $1 AND c.txid >= k.watermark AND c.txid < pg_snapshot_xmin(pg_current_snapshot())) AS due,
                pg_snapshot_xmin(pg_current_snapshot())::text AS horizon`,
        [consumer],
      );
      if (!due) {
        // Caught up: say so now and then, so a consumer idle through a quiet day is not taken for one that lapsed.
        await this.db.query(
          `UPDATE change_checkpoint SET watermark = greatest(watermark, $2::xid8), updated_at = now()
            WHERE consumer = $1 AND updated_at < now() - interval '1 hour'`,
          [consumer, horizon],
        );
        return false;
      }
      const moved = await this.db.transaction(async (tx) => {
        const [checkpoint] = await tx.query(`SELECT watermark::text AS watermark FROM change_checkpoint WHERE consumer = $1 FOR UPDATE SKIP LOCKED`, [
          consumer,
        ]);
        if (!checkpoint) return false;
        const [{ to }] = await tx.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS "to"`);
        if (BigInt(to) <= BigInt(checkpoint.watermark)) return false;
        await work(tx, { from: checkpoint.watermark, to });
        await tx.query(`UPDATE change_checkpoint SET watermark = $2::xid8, updated_at = now() WHERE consumer = $1`, [consumer, to]);
        return true;
      });
      await this.pruneNowAndThen();
      return moved;
    });
  }

  /**
   * Whether `consumer` has not moved for longer than the log keeps changes (say, search ran without
   * Meilisearch for days): it may have missed some, and must start over from the database.
   */
  async lapsed(consumer: string): Promise<boolean> {
    const [row] = await this.db.query(
      `SELECT updated_at < now() - make_interval(hours => $2) AS lapsed FROM change_checkpoint WHERE consumer = $1`,
      [consumer, CHANGE_RETENTION_HOURS],
    );
    return row?.lapsed ?? false;
  }

  /** Moves `consumer` to the present, skipping what is waiting (before it rebuilds from the database). */
  async skipToNow(consumer: string): Promise<void> {
    await this.db.query(`UPDATE change_checkpoint SET watermark = pg_snapshot_xmin(pg_current_snapshot()), updated_at = now() WHERE consumer = $1`, [
      consumer,
    ]);
  }

  /** Changes `consumer` has not handled yet (of the given entities, or all). */
  async pending(consumer: string, entities?: string[]): Promise<number> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS pending FROM change_log c, change_checkpoint k
        WHERE k.consumer = $1 AND c.txid >= k.watermark AND ($2::text[] IS NULL OR c.entity = ANY($2))`,
      [consumer, entities ?? null],
    );
    return row?.pending ?? 0;
  }

  /** Forgets changes every shared consumer has handled, and any older than the retention. */
  async prune(): Promise<number> {
    const deleted: unknown[] = await this.db.query(
      `DELETE FROM change_log
        WHERE at < now() - make_interval(hours => $1)
           OR (at < now() - interval '1 hour' AND txid < (SELECT min(watermark) FROM change_checkpoint))
       RETURNING position`,
      [CHANGE_RETENTION_HOURS],
    );
    return deleted.length;
  }

  private async pruneNowAndThen(): Promise<void> {
    if (Date.now() - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = Date.now();
    try {
      await this.prune();
    } catch (error) {
      this.logger.warn(`pruning the change log failed: ${(error as Error).message}`);
    }
  }
}
