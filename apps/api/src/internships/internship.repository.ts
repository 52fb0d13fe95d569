import { Injectable } from '@nestjs/common';
import { EmployerEntity, InternshipEntity, MembershipEntity, OrganisationEntity, SiteEntity, unaccountedFor } from '@stagebank/persistence';
import { DeepPartial } from 'typeorm';
import { Connection, PageArgs, paginate } from '../common/pagination';
import { AreaRepository } from '../common/repository';
import type { InternshipFilter } from './internship.types';

/**
 * The internships area's SQL: internships and the sweeps over holds and
 * planned ends (see ARCHITECTURE.md, "Where SQL lives"). A request's reads are kept to its own
 * organisation by row-level security; the sweeps run as the owner and see every organisation's.
 */
@Injectable()
export class InternshipRepository extends AreaRepository {
  /** The organisation's internship, or null (also for another school's). */
  findOwn(id: string, organisationId: string): Promise<InternshipEntity | null> {
    return this.manager.findOneBy(InternshipEntity, { id, organisationId });
  }

  /** A page of the organisation's internships by start date; `today` is the day "unaccounted for" is judged on. */
  list(organisationId: string, filter: InternshipFilter | undefined, today: string, page: PageArgs): Promise<Connection<InternshipEntity>> {
    const query = this.manager.getRepository(InternshipEntity).createQueryBuilder('i').where('i.organisation_id = :org', { org: organisationId });
    if (filter?.placementId) query.andWhere('i.placement_id = :placementId', { placementId: filter.placementId });
    if (filter?.studentId) query.andWhere('i.student_id = :studentId', { studentId: filter.studentId });
    if (filter?.statuses?.length) query.andWhere('i.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter?.unaccountedFor) query.andWhere(unaccountedFor('i', ':today::date'), { today });
    return paginate(
      query,
      page,
      'i.start_date',
      (i) => i.startDate,
      (i) => i,
    );
  }

  insert(values: DeepPartial<InternshipEntity>): Promise<InternshipEntity> {
    return this.manager.save(this.manager.create(InternshipEntity, values));
  }

  /** Saves the internship with the changes applied in turn. */
  update(internship: InternshipEntity, ...changes: Array<DeepPartial<InternshipEntity>>): Promise<InternshipEntity> {
    return this.manager.save(this.manager.merge(InternshipEntity, internship, ...changes));
  }

  findSiteOrFail(id: string): Promise<SiteEntity> {
    return this.manager.findOneByOrFail(SiteEntity, { id });
  }

  findEmployerOrFail(id: string): Promise<EmployerEntity> {
    return this.manager.findOneByOrFail(EmployerEntity, { id });
  }

  /** How many days the organisation's holds on a seat last. */
  async holdExpiryDays(organisationId: string): Promise<number> {
    const { holdExpiryDays } = await this.manager.findOneByOrFail(OrganisationEntity, { id: organisationId });
    return holdExpiryDays;
  }

  /** Whether the user is a member of the organisation. */
  isMember(userId: string, organisationId: string): Promise<boolean> {
    return this.manager.getRepository(MembershipEntity).existsBy({ userId, organisationId });
  }

  /**
   * Marks internships unaccounted for on `today` (see `unaccountedFor`: the day after their planned
   * end, until the outcome is recorded) as reminded (once each), with an OUTCOME_DUE notification
   * event for each; of one organisation only if given. Returns how many.
   */
  async remindOutcomesDue(now: Date, today: string, organisationId: string | null): Promise<number> {
    const [{ reminded }] = await this.manager.query(
      `WITH due AS (
         UPDATE internship i SET end_reminded_at = $1
          WHERE i.end_reminded_at IS NULL AND ${unaccountedFor('i', '$2::date')} AND ($3::uuid IS NULL OR i.organisation_id = $3)
         RETURNING i.id, i.placement_id
       ), made AS (
         INSERT INTO notification_event (kind, placement_id, internship_id) SELECT 'OUTCOME_DUE', placement_id, id FROM due RETURNING id
       )
       SELECT count(*)::int AS reminded FROM made`,
      [now, today, organisationId],
    );
    return reminded;
  }

  /**
   * In one transaction: reminds (once, by a HOLD_EXPIRING notification event) of holds running out
   * within `reminderDays` of `now`, and sets holds that ran out EXPIRED with the day as the reason;
   * of one organisation only if given.
   */
  remindAndExpireHolds(now: Date, reminderDays: number, organisationId: string | null): Promise<{ reminded: number; expired: number }> {
    return this.manager.transaction(async (tx) => {
      const [{ reminded }] = await tx.query(
        `WITH due AS (
           UPDATE internship SET hold_reminded_at = $1
            WHERE status = 'PROPOSED' AND hold_reminded_at IS NULL AND hold_expires_at > $1
              AND hold_expires_at <= $1::timestamptz + make_interval(days => $2) AND ($3::uuid IS NULL OR organisation_id = $3)
           RETURNING id, placement_id
         ), made AS (
           INSERT INTO notification_event (kind, placement_id, internship_id) SELECT 'HOLD_EXPIRING', placement_id, id FROM due RETURNING id
         )
         SELECT count(*)::int AS reminded FROM made`,
        [now, reminderDays, organisationId],
      );
      const [{ expired }] = await tx.query(
        `WITH gone AS (
           UPDATE internship SET status = 'EXPIRED', updated_at = now(),
                  end_reason = 'The hold on the seat ran out on ' || to_char(hold_expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ' before the placement was agreed'
            WHERE status = 'PROPOSED' AND hold_expires_at <= $1 AND ($2::uuid IS NULL OR organisation_id = $2)
           RETURNING id
         )
         SELECT count(*)::int AS expired FROM gone`,
        [now, organisationId],
      );
      return { reminded, expired };
    });
  }
}
