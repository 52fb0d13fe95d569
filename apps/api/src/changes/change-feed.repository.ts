import { Injectable } from '@nestjs/common';
import { OCCUPYING_STATUSES } from '@stagebank/domain';
import { AreaRepository } from '../common/repository';

/** Where a read of a window starts and how much it may read (see ChangeFeed.page, change-feed.ts). */
export interface WindowRead {
  /** The change_log tables of the kinds asked for. */
  tables: string[];
  /** The seen mark: its snapshot and the last position taken just before it. */
  seenSnapshot: string;
  seenLast: string;
  /** The snapshot the window reads up to. */
  windowSnapshot: string;
  /** The last item served of the window (position and part); the read starts after it. */
  position: string;
  part: number;
  /** At most this many items … */
  items: number;
  /** … from at most this many changes of the log. */
  scan: number;
}

/** One item of a change as the feed serves it, in the log's own words. */
export interface WindowItem {
  position: string;
  part: number;
  at: string | Date;
  kind: string;
  operation: string;
  entity_id: string;
  employer_id: string | null;
  site_id: string | null;
  placement_id: string | null;
  seat_from: string | null;
  seat_until: string | null;
}

export interface WindowRows {
  /** How many changes of the log were read, whatever their kind. */
  scanned: number;
  /** The position of the last change read (null when none was). */
  last: string | null;
  items: WindowItem[];
}

/**
 * The change feed's SQL: what change_log holds for the feed, its position sequence, the current
 * snapshot and the pruning horizon. ChangeFeed (change-feed.ts) keeps the cursors and what they
 * mean; a caller reading inside its own transaction (a webhook's next batch) gets this repository
 * bound to that transaction (`alongside`).
 */
@Injectable()
export class ChangeFeedRepository extends AreaRepository {
  /** The last position taken, then the snapshot, in that order (see Mark in change-feed.ts). */
  async mark(): Promise<{ snapshot: string; last: string }> {
    const [sequence] = await this.manager.query(`SELECT CASE WHEN is_called THEN last_value ELSE 0 END::text AS last FROM change_log_position_seq`);
    const [row] = await this.manager.query(`SELECT pg_current_snapshot()::text AS now`);
    return { snapshot: row.now, last: sequence.last };
  }

  /** Whether the newest transaction pruned from the feed's log (the horizon) is not visible in `snapshot`. */
  async prunedSince(snapshot: string): Promise<boolean> {
    const [row] = await this.manager.query(`SELECT NOT pg_visible_in_snapshot(h.txid, $1::pg_snapshot) AS expired FROM change_log_horizon h`, [snapshot]);
    return row?.expired ?? false;
  }

  /**
   * The next items of a window: changes visible in the window's snapshot and not in the seen one,
   * in position order, each as one item (or, for an internship, a seat freed and a seat taken).
   */
  async readWindow(read: WindowRead): Promise<WindowRows> {
    const [found] = await this.manager.query(
      `WITH candidates AS MATERIALIZED (
         -- The next changes of the window, whatever their kind's items: a page reads at most $9 of them.
         SELECT c.* FROM (
           -- Not seen: written after the seen mark (ordered by the primary key), or by a transaction running then.
           SELECT * FROM change_log WHERE position > $8::bigint AND position >= $5::bigint
           UNION ALL
           -- The transactions running then have ids from the seen snapshot's xmin on: those in its xip, and
           -- the newest, at or past its xmax, which PostgreSQL sets one past the newest *completed* one (so
           -- "txid = ANY(xip)" or "txid < xmax" lost their changes). The range reads them through the
           -- (txid, position) index; those of its transactions that were visible are filtered below.
           SELECT * FROM change_log
            WHERE txid >= pg_snapshot_xmin($2::pg_snapshot)
              AND position <= $8::bigint AND position >= $5::bigint
         ) c
          WHERE c.entity = ANY($1)
            AND NOT pg_visible_in_snapshot(c.txid, $2::pg_snapshot) AND pg_visible_in_snapshot(c.txid, $3::pg_snapshot)
            AND (c.position, 1) > ($5::bigint, $6::int)
          ORDER BY c.position
          LIMIT $9
       ), items AS (
         SELECT c.position::text AS position, x.part, c.at, x.kind, x.operation, x.entity_id, x.employer_id, x.site_id, x.placement_id,
              x.seat_from::text AS seat_from, x.seat_until::text AS seat_until
           FROM candidates c
         CROSS JOIN LATERAL (
           SELECT 0 AS part,
                  CASE c.entity WHEN 'employer' THEN 'EMPLOYER' WHEN 'site' THEN 'SITE' WHEN 'placement' THEN 'PLACEMENT'
                                WHEN 'sbb_recognition' THEN 'RECOGNITION' ELSE 'BORIS_FLAG' END AS kind,
                  CASE c.op WHEN 'INSERT' THEN 'CREATED' WHEN 'UPDATE' THEN 'UPDATED' ELSE 'DELETED' END AS operation,
                  c.entity_id,
                  CASE WHEN c.entity = 'employer' THEN c.entity_id ELSE (coalesce(c.new, c.old)->>'employer_id')::uuid END AS employer_id,
                  (coalesce(c.new, c.old)->>'site_id')::uuid AS site_id,
                  CASE WHEN c.entity = 'placement' THEN c.entity_id END AS placement_id,
                  NULL::date AS seat_from, NULL::date AS seat_until
            WHERE c.entity <> 'internship'
           UNION ALL
           -- An internship stops holding a seat of a placement for a period (deleted, no longer occupying, moved, or its dates changed) …
           SELECT 0, 'SEAT', 'SEAT_FREED', (c.old->>'placement_id')::uuid, NULL, NULL, (c.old->>'placement_id')::uuid,
                  (c.old->>'start_date')::date, (c.old->>'end_date')::date
            WHERE c.entity = 'internship' AND c.old->>'status' = ANY($4)
              AND (c.new IS NULL OR NOT (c.new->>'status' = ANY($4)) OR (c.new->>'placement_id', c.new->>'start_date', c.new->>'end_date')
                   IS DISTINCT FROM (c.old->>'placement_id', c.old->>'start_date', c.old->>'end_date'))
           UNION ALL
           -- … or starts holding one: only the placement and the period, never the internship, student, school or coach.
           SELECT 1, 'SEAT', 'SEAT_TAKEN', (c.new->>'placement_id')::uuid, NULL, NULL, (c.new->>'placement_id')::uuid,
                  (c.new->>'start_date')::date, (c.new->>'end_date')::date
            WHERE c.entity = 'internship' AND c.new->>'status' = ANY($4)
              AND (c.old IS NULL OR NOT (c.old->>'status' = ANY($4)) OR (c.new->>'placement_id', c.new->>'start_date', c.new->>'end_date')
                   IS DISTINCT FROM (c.old->>'placement_id', c.old->>'start_date', c.old->>'end_date'))
         ) x
          WHERE (c.position, x.part) > ($5::bigint, $6::int)
          ORDER BY c.position, x.part
          LIMIT $7
       )
       SELECT (SELECT count(*)::int FROM candidates) AS scanned, (SELECT max(position)::text FROM candidates) AS last,
              (SELECT coalesce(json_agg(i ORDER BY i.position::bigint, i.part), '[]') FROM items i) AS items`,
      [read.tables, read.seenSnapshot, read.windowSnapshot, OCCUPYING_STATUSES, read.position, read.part, read.items, read.seenLast, read.scan],
    );
    const items: WindowItem[] = typeof found.items === 'string' ? JSON.parse(found.items) : found.items;
    return { scanned: found.scanned, last: found.last, items };
  }
}
