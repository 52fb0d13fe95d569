import { Injectable } from '@nestjs/common';
import { SearchIndexName } from '@stagebank/search';
import { TODAY } from '@stagebank/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { ChangeStream, UNSEEN } from '../changes/change-stream';

export interface OutboxRow {
  id: string;
  index: SearchIndexName;
  documentId: string;
  attempts: number;
}

/** Serialises claims across every worker in every process; the lease does the rest. */
const CLAIM_LOCK = 7_305_001;

/** The change stream's tables that search documents are made of. */
export const SEARCH_FEEDS = ['employer', 'site', 'supervisor', 'placement', 'internship', 'sbb_recognition', 'boris_flag'];

/** A search document to write again: its index and id. */
export interface TouchedDocument {
  index_name: SearchIndexName;
  id: string;
}

/**
 * The documents a range of changes touches (rows of TouchedDocument; parameters: the consumer's
 * checkpoint and SEARCH_FEEDS): a placement's own document (a supervisor's change: every
 * placement at its site, whose document says whether a trained supervisor was verified), and every site document of
 * its employer (employer-wide fields such as the name, flags, free seats and placement types sit
 * on each site's document). Old and new values both count: a placement moved to another
 * employer's site changes both employers' documents.
 */
export const TOUCHED_DOCUMENTS = `
  WITH c AS (SELECT c.entity, c.entity_id, v.row FROM change_log c CROSS JOIN LATERAL (VALUES (c.old), (c.new)) v(row)
              WHERE ${UNSEEN('$1')} AND c.entity = ANY($2)),
  touched_placements AS (
    SELECT entity_id AS id FROM c WHERE entity = 'placement'
    UNION SELECT (row->>'placement_id')::uuid FROM c WHERE entity = 'internship' AND row ? 'placement_id'
    UNION SELECT p.id FROM c JOIN placement p ON p.site_id = c.entity_id WHERE c.entity = 'site'
    UNION SELECT p.id FROM c JOIN placement p ON p.site_id = (c.row->>'site_id')::uuid WHERE c.entity = 'supervisor' AND c.row ? 'site_id'),
  whole_employers AS (
    SELECT entity_id AS id FROM c WHERE entity = 'employer'
    UNION SELECT (row->>'employer_id')::uuid FROM c WHERE entity IN ('sbb_recognition', 'boris_flag') AND row ? 'employer_id'),
  site_employers AS (
    SELECT id FROM whole_employers
    UNION SELECT (row->>'employer_id')::uuid FROM c WHERE entity = 'site' AND row ? 'employer_id'
    UNION SELECT s.employer_id FROM c JOIN site s ON s.id = (c.row->>'site_id')::uuid WHERE c.entity = 'placement' AND c.row ? 'site_id'
    UNION SELECT s.employer_id FROM touched_placements t JOIN placement p ON p.id = t.id JOIN site s ON s.id = p.site_id),
  placements AS (
    SELECT id FROM touched_placements
    UNION SELECT p.id FROM site s JOIN placement p ON p.site_id = s.id WHERE s.employer_id IN (SELECT id FROM whole_employers)),
  sites AS (
    SELECT entity_id AS id FROM c WHERE entity = 'site'
    UNION SELECT (row->>'site_id')::uuid FROM c WHERE entity = 'supervisor' AND row ? 'site_id'
    UNION SELECT s.id FROM site s WHERE s.employer_id IN (SELECT id FROM site_employers))
  SELECT 'placements' AS index_name, id FROM placements WHERE id IS NOT NULL
  UNION ALL
  SELECT 'employers', id FROM sites WHERE id IS NOT NULL`;

const FAN_OUT = `INSERT INTO search_outbox (index_name, document_id) ${TOUCHED_DOCUMENTS}`;

/** TypeORM answers UPDATE … RETURNING with [rows, affected] and INSERT/SELECT with rows. */
const rowsOf = <T>(result: T[] | [T[], number]): T[] => (result.length === 2 && Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]));

/**
 * The search outbox (table search_outbox): the search consumer of the change stream queues there the
 * documents each change touches, in the transaction that moves its checkpoint. Workers
 * lease batches, push them to Meilisearch and mark them processed; a worker that dies leaves its
 * lease to expire, after which another takes the rows over. Replays are harmless: a document is
 * always written whole, as PostgreSQL has it at that moment.
 */
@Injectable()
export class SearchOutbox {
  constructor(
    private readonly db: DataSource,
    private readonly changes: ChangeStream,
  ) {}

  /** Queues the documents touched by the changes since the last call (any replica's). Returns whether there were any. */
  collect(): Promise<boolean> {
    return this.changes.consume('search', (tx: EntityManager, since: string) => tx.query(FAN_OUT, [since, SEARCH_FEEDS]));
  }

  /**
   * Queues what the latest changes touch, then leases up to `limit` rows that are due, skipping documents another worker holds a live lease
   * on, so two workers never write the same document out of order.
   */
  async claim(owner: string, limit: number, leaseMs: number): Promise<OutboxRow[]> {
    await this.collect();
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CLAIM_LOCK]);
      const rows = rowsOf<{ id: string; index_name: SearchIndexName; document_id: string; attempts: number }>(
        await tx.query(
          `UPDATE search_outbox o
            SET lease_owner = $1, lease_until = clock_timestamp() + make_interval(secs => $2::float8 / 1000), attempts = o.attempts + 1
          WHERE o.id IN (
                SELECT c.id FROM search_outbox c
                 WHERE c.processed_at IS NULL AND c.available_at <= clock_timestamp()
                   AND (c.lease_until IS NULL OR c.lease_until < clock_timestamp())
                   AND NOT EXISTS (SELECT 1 FROM search_outbox l
                                    WHERE l.processed_at IS NULL AND l.lease_until >= clock_timestamp()
                                      AND l.index_name = c.index_name AND l.document_id = c.document_id)
                 ORDER BY c.id LIMIT $3
                   FOR UPDATE SKIP LOCKED)
        RETURNING o.id, o.index_name, o.document_id, o.attempts`,
          [owner, leaseMs, limit],
        ),
      );
      return rows.map((r) => ({ id: String(r.id), index: r.index_name, documentId: r.document_id, attempts: r.attempts }));
    });
  }

  /** Marks the rows processed, if `owner` still holds them. */
  async complete(owner: string, ids: string[]): Promise<void> {
    await this.db.query(
      `UPDATE search_outbox SET processed_at = now(), lease_owner = NULL, lease_until = NULL, last_error = NULL
        WHERE id = ANY($1::bigint[]) AND lease_owner = $2`,
      [ids, owner],
    );
  }

  /** Gives the rows back, due again after a wait that doubles per attempt (1 s, 2 s, 4 s …) up to `maxDelayMs`. */
  async fail(owner: string, ids: string[], error: string, maxDelayMs: number): Promise<void> {
    await this.db.query(
      `UPDATE search_outbox
          SET lease_owner = NULL, lease_until = NULL, last_error = left($3, 2000),
              available_at = clock_timestamp() + make_interval(secs => least(power(2, least(attempts - 1, 20)) * 1000, $4::float8) / 1000)
        WHERE id = ANY($1::bigint[]) AND lease_owner = $2`,
      [ids, owner, error, maxDelayMs],
    );
  }

  /** After an outage: everything waiting out a back-off is due now. */
  async wakeAll(): Promise<void> {
    await this.db.query(`UPDATE search_outbox SET available_at = clock_timestamp() WHERE processed_at IS NULL AND available_at > clock_timestamp()`);
  }

  /**
   * Time changes documents too: a seat frees up the day after an internship ends, a pause ends, a
   * recognition starts, a reservation ends. Once per day (across all workers) this finds the documents of
   * the employers whose state changed on any day since the last sweep, enqueues them when `enqueue`
   * (Meilisearch is in use), and hands them to `alongside` in the same transaction (the PostgreSQL
   * search's tables). Returns the number of documents.
   */
  async sweep(enqueue: boolean, alongside: (tx: EntityManager, touched: TouchedDocument[]) => Promise<void>): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [advanced] = rowsOf<{ last: string }>(
        await tx.query(
          `UPDATE search_sweep s SET swept_through = ${TODAY}
           FROM (SELECT swept_through AS last FROM search_sweep FOR UPDATE) o
          WHERE s.swept_through < ${TODAY}
        RETURNING o.last::text AS last`,
        ),
      );
      if (!advanced) return 0;
      const touched: TouchedDocument[] = await tx.query(
        `WITH changed AS (
           SELECT s.employer_id FROM seat_claim i JOIN placement p ON p.id = i.placement_id JOIN site s ON s.id = p.site_id
            WHERE (i.start_date > $1 AND i.start_date <= ${TODAY}) OR (i.end_date >= $1 AND i.end_date < ${TODAY})
           UNION SELECT s.employer_id FROM placement p JOIN site s ON s.id = p.site_id WHERE p.available_until >= $1 AND p.available_until < ${TODAY}
           UNION SELECT s.employer_id FROM placement p JOIN site s ON s.id = p.site_id WHERE p.reserved_until >= $1 AND p.reserved_until < ${TODAY}
           UNION SELECT e.id FROM employer e WHERE e.paused_until >= $1 AND e.paused_until < ${TODAY}
           UNION SELECT r.employer_id FROM sbb_recognition r
                  WHERE (r.valid_from > $1 AND r.valid_from <= ${TODAY}) OR (r.valid_until >= $1 AND r.valid_until < ${TODAY}))
         SELECT 'placements' AS index_name, p.id FROM placement p JOIN site s ON s.id = p.site_id WHERE s.employer_id IN (SELECT employer_id FROM changed)
         UNION ALL
         SELECT 'employers', s.id FROM site s WHERE s.employer_id IN (SELECT employer_id FROM changed)`,
        [advanced.last],
      );
      if (enqueue && touched.length > 0) {
        await tx.query(`INSERT INTO search_outbox (index_name, document_id) SELECT * FROM unnest($1::text[], $2::uuid[])`, [
          touched.map((d) => d.index_name),
          touched.map((d) => d.id),
        ]);
      }
      await alongside(tx, touched);
      return touched.length;
    });
  }

  /** Forgets processed rows older than a day. */
  async purge(): Promise<void> {
    await this.db.query(`DELETE FROM search_outbox WHERE processed_at < now() - interval '1 day'`);
  }

  /** Changes not yet in Meilisearch, and the age of the oldest in seconds. */
  async backlog(): Promise<{ pending: number; oldestSeconds: number | null }> {
    // Changes not yet fanned out to documents wait too. They are counted first: a change collected
    // between the two reads is then counted twice, never not at all (read the other way round, the
    // outbox row was not there yet and the change no longer unread, and a backlog of one read as 0).
    const uncollected = await this.changes.pending('search', SEARCH_FEEDS);
    const [row]: Array<{ pending: number; oldest: number | null }> = await this.db.query(
      `SELECT count(*)::int AS pending, extract(epoch FROM clock_timestamp() - min(created_at))::float8 AS oldest
         FROM search_outbox WHERE processed_at IS NULL`,
    );
    return { pending: row.pending + uncollected, oldestSeconds: row.oldest === null ? null : Math.round(row.oldest) };
  }

  /** The documents of `index` queued by transactions a rebuild that started at `snapshot` could not see. */
  async unseenBy(index: SearchIndexName, snapshot: string): Promise<string[]> {
    const rows: Array<{ document_id: string }> = await this.db.query(
      `SELECT DISTINCT document_id FROM search_outbox WHERE index_name = $1 AND NOT pg_visible_in_snapshot(txid, $2::pg_snapshot)`,
      [index, snapshot],
    );
    return rows.map((r) => r.document_id);
  }

  /**
   * After a rebuild that started at `snapshot` was swapped in: pending rows that snapshot saw are
   * covered (every batch read after them) and done; rows it could not see (written during the
   * rebuild: perhaps missed by a batch read earlier, perhaps pushed to the old index) are enqueued
   * again, so the new index gets them too.
   */
  async settleRebuild(index: SearchIndexName, snapshot: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO search_outbox (index_name, document_id)
         SELECT DISTINCT index_name, document_id FROM search_outbox
          WHERE index_name = $1 AND NOT pg_visible_in_snapshot(txid, $2::pg_snapshot)`,
        [index, snapshot],
      );
      await tx.query(
        `UPDATE search_outbox SET processed_at = now(), lease_owner = NULL, lease_until = NULL
          WHERE index_name = $1 AND processed_at IS NULL AND pg_visible_in_snapshot(txid, $2::pg_snapshot)`,
        [index, snapshot],
      );
    });
  }
}
