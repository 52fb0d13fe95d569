import { Injectable } from '@nestjs/common';
import { MembershipRole, OCCUPYING_STATUSES } from '@stagebank/domain';
import { EmployerEntity, NotificationEntity, PlacementEntity, TODAY, WatchEntity } from '@stagebank/persistence';
import { DeepPartial, In, IsNull, MoreThan } from 'typeorm';
import { UNSEEN } from '../changes/change-stream';
import { AreaRepository } from '../common/repository';

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

/** Whose a watch or notification is: the user, for the organisation they act for. */
export interface Owner {
  userId: string;
  organisationId: string;
}

/**
 * The notifications area's SQL: notification events (from the change stream and the calendar),
 * notifications made from them for watches, watches, and the daily sweep's record. Webhooks and
 * their deliveries: webhook.repository.ts.
 */
@Injectable()
export class NotificationRepository extends AreaRepository {
  /** Events for the changes not seen since `since` (UNSEEN): run it on the change stream's transaction. */
  async insertEventsFromChanges(since: string): Promise<void> {
    await this.manager.query(EVENTS_FROM_CHANGES, [since, OCCUPYING_STATUSES]);
  }

  /**
   * Claims up to `limit` unhandled events (SKIP LOCKED: replicas take different ones), makes their
   * notifications and webhook deliveries, and marks them handled, in one transaction; NOTIFY says
   * that notifications arrived. `roundRoles`: who hears of a round nobody in particular started.
   */
  dispatchEvents(limit: number, roundRoles: MembershipRole[]): Promise<{ events: number; notifications: number }> {
    return this.manager.transaction(async (tx) => {
      const [row] = await tx.query(
        `WITH events AS (
           SELECT id, kind, placement_id, internship_id, link_round_id FROM notification_event WHERE processed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
         ), done AS (
           UPDATE notification_event SET processed_at = now() WHERE id IN (SELECT id FROM events)
         ), made AS (
           INSERT INTO notification (user_id, organisation_id, watch_id, event_id, kind, placement_id, employer_id, internship_id, link_round_id)
           SELECT w.user_id, w.organisation_id, w.id, ev.id, ev.kind, p.id, e.id, NULL::uuid, NULL::uuid
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
           SELECT i.coach_user_id, i.organisation_id, NULL, ev.id, ev.kind, p.id, s.employer_id, i.id, NULL
             FROM events ev
             JOIN internship i ON i.id = ev.internship_id
             JOIN placement p ON p.id = i.placement_id
             JOIN site s ON s.id = p.site_id
            WHERE i.coach_user_id IS NOT NULL
              AND ((ev.kind = 'HOLD_EXPIRING' AND i.status = 'PROPOSED') OR ev.kind = 'OUTCOME_DUE')
           UNION ALL
           -- An employer-link round's links went out, or its report is ready: told to whoever started it, in the
           -- organisation they acted for while still a member; a round started by an API key, to that organisation's
           -- coordinators and admins; a round the yearly job started, to theirs in every organisation of the region.
           SELECT m.user_id, m.organisation_id, NULL, ev.id, ev.kind, NULL, NULL, NULL, r.id
             FROM events ev
             JOIN employer_link_round r ON r.id = ev.link_round_id
             JOIN membership m ON CASE
                    WHEN r.started_by_user_id IS NOT NULL THEN m.user_id = r.started_by_user_id AND m.organisation_id = r.started_by_organisation_id
                    WHEN r.started_by_organisation_id IS NOT NULL THEN m.organisation_id = r.started_by_organisation_id AND m.role = ANY($2)
                    ELSE m.role = ANY($2) AND m.organisation_id IN (SELECT o.id FROM organisation o WHERE o.region = r.region)
                  END
            WHERE ev.kind IN ('LINK_ROUND_STARTED', 'LINK_ROUND_REPORT_READY')
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
        [limit, roundRoles],
      );
      if (row.notifications > 0) await tx.query(`SELECT pg_notify('stagebank_notification', '')`);
      return row as { events: number; notifications: number };
    });
  }

  /** The last day swept before `day`, or null. */
  async lastSweepBefore(day: string): Promise<string | null> {
    const [previous] = await this.manager.query(`SELECT max(day)::text AS day FROM notification_sweep WHERE day < $1`, [day]);
    return previous.day;
  }

  /** Records `day`'s sweep; false when it was already recorded (by this or another process). */
  async claimSweep(day: string): Promise<boolean> {
    const claimed = await this.manager.query(`INSERT INTO notification_sweep (day) VALUES ($1) ON CONFLICT DO NOTHING RETURNING day`, [day]);
    return claimed.length > 0;
  }

  /** A SEAT_FREED event for every placement with an internship holding a seat whose last day is from `since` to before `today`; returns how many. */
  async insertSeatsFreedByCalendar(since: string, today: string): Promise<number> {
    const events: unknown[] = await this.manager.query(
      `INSERT INTO notification_event (kind, placement_id)
         SELECT DISTINCT 'SEAT_FREED', placement_id FROM internship
          WHERE status = ANY($1) AND end_date >= $2 AND end_date < $3
         RETURNING id`,
      [OCCUPYING_STATUSES, since, today],
    );
    return events.length;
  }

  placementExists(id: string): Promise<boolean> {
    return this.manager.getRepository(PlacementEntity).existsBy({ id });
  }

  employerExists(id: string): Promise<boolean> {
    return this.manager.getRepository(EmployerEntity).existsBy({ id });
  }

  insertWatch(values: DeepPartial<WatchEntity>): Promise<WatchEntity> {
    const repository = this.manager.getRepository(WatchEntity);
    return repository.save(repository.create(values));
  }

  /** Deletes the owner's watch; false when the owner has no such watch. */
  async deleteWatch(id: string, owner: Owner): Promise<boolean> {
    const { affected } = await this.manager.getRepository(WatchEntity).delete({ id, userId: owner.userId, organisationId: owner.organisationId });
    return !!affected;
  }

  /** The owner's watches, oldest first. */
  watchesOf(owner: Owner): Promise<WatchEntity[]> {
    return this.manager
      .getRepository(WatchEntity)
      .find({ where: { userId: owner.userId, organisationId: owner.organisationId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The owner's `first` newest notifications (only the unread ones if asked). */
  notificationsOf(owner: Owner, unreadOnly: boolean | undefined, first: number): Promise<NotificationEntity[]> {
    return this.manager.getRepository(NotificationEntity).find({
      where: { userId: owner.userId, organisationId: owner.organisationId, ...(unreadOnly && { readAt: IsNull() }) },
      order: { id: 'DESC' },
      take: first,
    });
  }

  /** The owner's notifications after `afterId`, oldest first, at most 1000. */
  notificationsOfAfter(owner: Owner, afterId: string): Promise<NotificationEntity[]> {
    return this.manager.getRepository(NotificationEntity).find({
      where: { userId: owner.userId, organisationId: owner.organisationId, id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: 1000,
    });
  }

  /** Marks the owner's unread notifications of `ids` read at `at`; returns how many. */
  async markRead(owner: Owner, ids: string[], at: Date): Promise<number> {
    const result = await this.manager
      .getRepository(NotificationEntity)
      .update({ id: In(ids), userId: owner.userId, organisationId: owner.organisationId, readAt: IsNull() }, { readAt: at });
    return result.affected ?? 0;
  }

  /** The newest notification's id ('0' when there is none). */
  async lastNotificationId(): Promise<string> {
    const [{ max }] = await this.manager.query(`SELECT coalesce(max(id), 0)::text AS max FROM notification`);
    return max;
  }

  /** Everyone's notifications after `afterId`, oldest first, at most 1000. */
  notificationsAfter(afterId: string): Promise<NotificationEntity[]> {
    return this.manager.getRepository(NotificationEntity).find({ where: { id: MoreThan(afterId) }, order: { id: 'ASC' }, take: 1000 });
  }
}
