import { Injectable } from '@nestjs/common';
import {
  ContactPersonEntity,
  EmployerApproachEntity,
  EmployerEntity,
  EmployerNoteEntity,
  ExperienceEntity,
  InternshipEntity,
  PlacementEntity,
  SiteEntity,
} from '@stagebank/persistence';
import { DeepPartial } from 'typeorm';
import { AreaRepository } from '../common/repository';

/** What the approach signals are made of, for one employer. */
export interface ApproachSignalsRow {
  this_month: number;
  cap: number | null;
  status: string;
  paused_until: string | null;
  busy: { until: string; since: string; organisation: string; note: string | null } | null;
}

/** Schools' experiences of one employer, averaged. */
export interface ExperienceAveragesRow {
  employer_id: string;
  count: number;
  sq: number;
  af: number;
  wp: number;
}

/**
 * The collaboration area's SQL: contact persons, notes, experiences and approaches of the shared
 * employers (see ARCHITECTURE.md, "Where SQL lives").
 */
@Injectable()
export class CollaborationRepository extends AreaRepository {
  findEmployer(id: string): Promise<EmployerEntity | null> {
    return this.manager.findOneBy(EmployerEntity, { id });
  }

  updateEmployer(employer: EmployerEntity, changes: DeepPartial<EmployerEntity>): Promise<EmployerEntity> {
    return this.manager.save(this.manager.merge(EmployerEntity, employer, changes));
  }

  /** Whether the site is one of the employer's. */
  isSiteOf(siteId: string, employerId: string): Promise<boolean> {
    return this.manager.existsBy(SiteEntity, { id: siteId, employerId });
  }

  /** The employer of the placement's site, if the placement exists. */
  async employerOfPlacement(placementId: string): Promise<string | undefined> {
    const placement = await this.manager.findOne(PlacementEntity, { where: { id: placementId }, relations: { site: true } });
    return placement?.site.employerId;
  }

  findContact(id: string): Promise<ContactPersonEntity | null> {
    return this.manager.findOneBy(ContactPersonEntity, { id });
  }

  insertContact(values: DeepPartial<ContactPersonEntity>): Promise<ContactPersonEntity> {
    return this.manager.save(this.manager.create(ContactPersonEntity, values));
  }

  saveContact(contact: ContactPersonEntity): Promise<ContactPersonEntity> {
    return this.manager.save(contact);
  }

  /** Whether there was such a contact person to delete. */
  async deleteContact(id: string): Promise<boolean> {
    const { affected } = await this.manager.delete(ContactPersonEntity, { id });
    return !!affected;
  }

  findNote(id: string): Promise<EmployerNoteEntity | null> {
    return this.manager.findOneBy(EmployerNoteEntity, { id });
  }

  insertNote(values: DeepPartial<EmployerNoteEntity>): Promise<EmployerNoteEntity> {
    return this.manager.save(this.manager.create(EmployerNoteEntity, values));
  }

  async deleteNote(id: string): Promise<void> {
    await this.manager.delete(EmployerNoteEntity, { id });
  }

  /** The organisation's internship, or null (row-level security hides other organisations' anyway). */
  findOwnInternship(id: string, organisationId: string): Promise<InternshipEntity | null> {
    return this.manager.findOneBy(InternshipEntity, { id, organisationId });
  }

  /** Whether an experience with this internship is recorded. */
  experienceRecordedFor(internshipId: string): Promise<boolean> {
    return this.manager.existsBy(ExperienceEntity, { internshipId });
  }

  insertExperience(values: DeepPartial<ExperienceEntity>): Promise<ExperienceEntity> {
    return this.manager.save(this.manager.create(ExperienceEntity, values));
  }

  /** Schools' experiences per employer, averaged, for the employers that have any. */
  experienceAverages(employerIds: readonly string[]): Promise<ExperienceAveragesRow[]> {
    return this.manager.query(
      `SELECT employer_id, count(*)::int AS count, avg(supervision_quality)::float8 AS sq, avg(audience_fit)::float8 AS af, avg(would_place_again)::float8 AS wp
       FROM experience WHERE employer_id = ANY($1) GROUP BY employer_id`,
      [[...employerIds]],
    );
  }

  /**
   * The employer's approaches not ended that overlap the period, except the coach's own in this
   * organisation, with their organisation and coach, by start.
   */
  othersOverlappingApproaches(
    employerId: string,
    since: string,
    until: string,
    coach: { userId: string | null; organisationId: string },
  ): Promise<EmployerApproachEntity[]> {
    return this.manager
      .getRepository(EmployerApproachEntity)
      .createQueryBuilder('a')
      .leftJoinAndSelect('a.organisation', 'o')
      .leftJoinAndSelect('a.user', 'u')
      .where('a.employer_id = :employerId AND a.ended_at IS NULL AND a.since <= :until AND a.until >= :since', {
        employerId,
        since,
        until,
      })
      .andWhere('(a.user_id IS DISTINCT FROM :userId OR a.organisation_id <> :organisationId)', {
        userId: coach.userId,
        organisationId: coach.organisationId,
      })
      .orderBy('a.since')
      .getMany();
  }

  /** How many approaches of the employer start in the month of the day. */
  async approachesInMonthOf(employerId: string, day: string): Promise<number> {
    const [{ n }] = await this.manager.query(
      `SELECT count(*)::int AS n FROM employer_approach WHERE employer_id = $1 AND date_trunc('month', since) = date_trunc('month', $2::date)`,
      [employerId, day],
    );
    return n;
  }

  findApproach(id: string): Promise<EmployerApproachEntity | null> {
    return this.manager.findOneBy(EmployerApproachEntity, { id });
  }

  insertApproach(values: DeepPartial<EmployerApproachEntity>): Promise<EmployerApproachEntity> {
    return this.manager.save(this.manager.create(EmployerApproachEntity, values));
  }

  updateApproach(approach: EmployerApproachEntity, changes: DeepPartial<EmployerApproachEntity>): Promise<EmployerApproachEntity> {
    return this.manager.save(this.manager.merge(EmployerApproachEntity, approach, changes));
  }

  /** Of these employers, those with approaches that started on or after `since` and ended NO_ANSWER, with how many. */
  unansweredSince(employerIds: string[], since: string): Promise<Array<{ employer_id: string; unanswered: number }>> {
    return this.manager.query(
      `SELECT employer_id, count(*)::int AS unanswered FROM employer_approach
        WHERE employer_id = ANY($1::uuid[]) AND outcome = 'NO_ANSWER' AND since >= $2
        GROUP BY employer_id`,
      [employerIds, since],
    );
  }

  /**
   * The employer's approach figures: started in the month of `today`, its cap and status, and the
   * latest "busy until" after today; undefined for no such employer.
   */
  async approachSignals(employerId: string, today: string): Promise<ApproachSignalsRow | undefined> {
    const [row] = await this.manager.query(
      `SELECT (SELECT count(*)::int FROM employer_approach WHERE employer_id = $1 AND date_trunc('month', since) = date_trunc('month', $2::date)) AS this_month,
              e.max_approaches_per_month AS cap, e.status, e.paused_until::text AS paused_until,
              (SELECT row_to_json(b) FROM (SELECT a.busy_until::text AS until, a.since::text AS since, o.name AS organisation, a.outcome_note AS note
                 FROM employer_approach a JOIN organisation o ON o.id = a.organisation_id
                WHERE a.employer_id = $1 AND a.outcome = 'BUSY_UNTIL' AND a.busy_until > $2 ORDER BY a.ended_at DESC LIMIT 1) b) AS busy
         FROM employer e WHERE e.id = $1`,
      [employerId, today],
    );
    return row;
  }
}
