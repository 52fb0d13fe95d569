import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { OCCUPYING_STATUSES } from '@stagebank/domain';
import { DataSource, EntityManager } from 'typeorm';
import { CHANGE_CHANNEL, TODAY } from '@stagebank/persistence';
import { ChangeStream, UNSEEN } from '../changes/change-stream';
import { DatabaseListener } from '../changes/database-listener';
import { APP_CONFIG } from '../common/config.provider';
import { JobHandle, JobRunner } from '../jobs/job-runner';
import { WebhookSender } from './webhook-sender';

const BATCH = 200;
/** Every word of the saved search occurs in the placement's text (accents and case ignored). */
const WORDS_MATCH = `NOT EXISTS (
  SELECT 1 FROM unnest(regexp_split_to_array(lower(unaccent(w.query)), '\\s+')) word
   WHERE word <> '' AND strpos(lower(unaccent(concat_ws(' ', p.title, array_to_string(p.tasks, ' '), p.description, e.name, s.place))), word) = 0)`;

/**
 * What watchers hear of, read from the change stream: a placement added, a placement given more
 * seats, and an internship that held a seat today or later and stops holding it (ended early,
 * cancelled, completed, cut short, moved or deleted). "Today" is the day of the write.
 */
const EVENTS_FROM_CHANGES = `
  INSERT INTO notification_event (kind, placement_id)
  SELECT kind, placement_id FROM (
    SELECT c.txid, c.position, 'PLACEMENT_OPENED' AS kind, c.entity_id AS placement_id FROM change_log c
     WHERE ${UNSEEN('$1')} AND c.entity = 'placement' AND c.op = 'INSERT'
    UNION ALL
    SELECT c.txid, c.position, 'SEAT_FREED', c.entity_id FROM change_log c
     WHERE ${UNSEEN('$1')} AND c.entity = 'placement' AND c.op = 'UPDATE'
       AND (c.new->>'seats')::int > (c.old->>'seats')::int
    UNION ALL
    SELECT c.txid, c.position, 'SEAT_FREED', (c.old->>'placement_id')::uuid FROM change_log c
     WHERE ${UNSEEN('$1')} AND c.entity = 'internship' AND c.op IN ('UPDATE', 'DELETE')
       AND c.old->>'status' = ANY($2) AND (c.old->>'end_date')::date >= (c.at AT TIME ZONE 'UTC')::date
       AND (c.op = 'DELETE' OR NOT (c.new->>'status' = ANY($2)) OR (c.new->>'end_date')::date < (c.old->>'end_date')::date
            OR c.new->>'placement_id' <> c.old->>'placement_id')
  ) e ORDER BY txid, position`;

/**
 * Turns notification events (read from the change stream, or made by the seat-calendar and internship-holds jobs) into notifications
 * for the watches they match, and webhook deliveries for watches with a webhook; all in one
 * transaction per batch, claimed with SKIP LOCKED so several replicas share the work and no event
 * is handled twice. NOTIFY tells every replica's feed that notifications arrived.
 */
@Injectable()
export class NotificationDispatcher {
  /** The job `notifications` (shared: replicas split the events). */
  readonly job: JobHandle;
  /** Called with the number of notifications made, after they are committed. */
  onNotified: (count: number) => void = () => {};

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly changes: ChangeStream,
    jobs: JobRunner,
    listener: DatabaseListener,
    private readonly sender: WebhookSender,
  ) {
    this.job = jobs.register({ name: 'notifications', kind: 'shared', everyMs: config.notifications.pollMs, run: () => this.dispatch() });
    // A committed change (by any replica, on PostgreSQL) is work now rather than at the next poll.
    listener.follow(CHANGE_CHANNEL, () => this.job.wake());
  }

  /** One batch of events (the latest changes, and what the seat-calendar and internship-holds jobs made); returns how many were handled. */
  async dispatch(): Promise<number> {
    await this.changes.consume('notifications', (tx: EntityManager, since: string) => tx.query(EVENTS_FROM_CHANGES, [since, OCCUPYING_STATUSES]));
    const { events, notifications } = await this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `WITH events AS (
           SELECT id, kind, placement_id, internship_id FROM notification_event WHERE processed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
         ), done AS (
           UPDATE notification_event SET processed_at = now() WHERE id IN (SELECT id FROM events)
         ), made AS (
           INSERT INTO notification (user_id, organisation_id, watch_id, event_id, kind, placement_id, employer_id, internship_id)
           SELECT w.user_id, w.organisation_id, w.id, ev.id, ev.kind, p.id, e.id, NULL::uuid
             FROM events ev
             JOIN placement p ON p.id = ev.placement_id
             JOIN site s ON s.id = p.site_id
             JOIN employer e ON e.id = s.employer_id
             JOIN watch w ON (w.kind = 'PLACEMENT' AND w.placement_id = p.id AND ev.kind = 'SEAT_FREED')
                          OR (w.kind = 'EMPLOYER' AND w.employer_id = e.id)
                          OR (w.kind = 'SEARCH'
                              AND (w.sector IS NULL OR p.sector = w.sector)
                              AND (w.placement_type IS NULL OR p.type = w.placement_type)
                              AND (w.audience IS NULL OR w.audience = ANY(p.audiences))
                              AND (w.near IS NULL OR ST_DWithin(s.location, w.near, w.radius_meters))
                              AND (w.query IS NULL OR ${WORDS_MATCH}))
            WHERE ev.kind IN ('SEAT_FREED', 'PLACEMENT_OPENED')
              AND e.status <> 'STOPPED' AND (p.available_until IS NULL OR p.available_until >= ${TODAY})
           UNION ALL
           -- A hold running out, or an internship at its planned end, is told to the internship's coach alone (no watch), in its organisation.
           SELECT i.coach_user_id, i.organisation_id, NULL, ev.id, ev.kind, p.id, s.employer_id, i.id
             FROM events ev
             JOIN internship i ON i.id = ev.internship_id
             JOIN placement p ON p.id = i.placement_id
             JOIN site s ON s.id = p.site_id
            WHERE i.coach_user_id IS NOT NULL
              AND ((ev.kind = 'HOLD_EXPIRING' AND i.status = 'PROPOSED') OR ev.kind = 'OUTCOME_DUE')
           ON CONFLICT (watch_id, event_id) DO NOTHING
           RETURNING id, watch_id, organisation_id
         ), deliveries AS (
           INSERT INTO webhook_delivery (webhook_id, notification_id)
           SELECT w.webhook_id, m.id FROM made m JOIN watch w ON w.id = m.watch_id JOIN webhook h ON h.id = w.webhook_id AND h.removed_at IS NULL
           UNION ALL
           -- Notifications of no watch (a coach's reminders) go to every webhook of the organisation, for its own tools.
           SELECT h.id, m.id FROM made m JOIN webhook h ON h.organisation_id = m.organisation_id AND h.removed_at IS NULL WHERE m.watch_id IS NULL
         )
         SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM made)::int AS notifications`,
        [BATCH],
      );
      if (row.notifications > 0) await tx.query(`SELECT pg_notify('stagebank_notification', '')`);
      return row as { events: number; notifications: number };
    });
    if (notifications > 0) {
      this.sender.job.wake();
      this.onNotified(notifications);
    }
    return events;
  }
}
