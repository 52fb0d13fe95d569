import { Injectable } from '@nestjs/common';
import { LabourMarketRegion, OCCUPYING_STATUSES } from '@stagebank/domain';
import {
  ContactPersonEntity,
  EmployerEntity,
  EmployerHostingInterestEntity,
  EmployerLinkEntity,
  EmployerLinkRoundEntity,
  PlacementEntity,
  SeatClaimEntity,
  SiteEntity,
  SupervisorEntity,
} from '@stagebank/persistence';
import { DeepPartial, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AreaRepository } from '../common/repository';

/**
 * The employer links area's SQL: links, rounds and their reports, and the employer's listing as
 * its own link reads and corrects it (see ARCHITECTURE.md, "Where SQL lives"). A link's steps run
 * in the link's database scope, so row-level security lets them write only its employer's rows.
 */
@Injectable()
export class EmployerLinkRepository extends AreaRepository {
  // Links

  findLink(id: string): Promise<EmployerLinkEntity | null> {
    return this.manager.getRepository(EmployerLinkEntity).findOneBy({ id });
  }

  findLinkOrFail(id: string): Promise<EmployerLinkEntity> {
    return this.manager.getRepository(EmployerLinkEntity).findOneByOrFail({ id });
  }

  /** The employer's links, newest first. */
  linksOfEmployer(employerId: string): Promise<EmployerLinkEntity[]> {
    return this.manager.getRepository(EmployerLinkEntity).find({ where: { employerId }, order: { createdAt: 'DESC' } });
  }

  /** Revokes, as of `now`, the employer's links that still work. */
  async revokeWorkingLinksOf(employerId: string, now: Date): Promise<void> {
    await this.manager.query(`UPDATE employer_link SET revoked_at = $2 WHERE employer_id = $1 AND revoked_at IS NULL AND expires_at > $2`, [employerId, now]);
  }

  insertLink(values: DeepPartial<EmployerLinkEntity>): Promise<EmployerLinkEntity> {
    return this.manager.save(this.manager.create(EmployerLinkEntity, values));
  }

  async revokeLink(id: string, at: Date): Promise<void> {
    await this.manager.getRepository(EmployerLinkEntity).update(id, { revokedAt: at });
  }

  async markLinkOpened(id: string, at: Date): Promise<void> {
    await this.manager.update(EmployerLinkEntity, { id }, { openedAt: at });
  }

  async answerLink(id: string, answer: Pick<EmployerLinkEntity, 'answeredAt' | 'answer' | 'openedAt'>): Promise<void> {
    await this.manager.update(EmployerLinkEntity, { id }, answer);
  }

  // Rounds

  /** Records the round for the region and school year unless it exists; returns its id. */
  async ensureRound(region: LabourMarketRegion, schoolYear: string, byUserId: string | null, byOrganisationId: string | null, now: Date): Promise<string> {
    await this.manager.query(
      `INSERT INTO employer_link_round (region, school_year, started_by_user_id, started_by_organisation_id, started_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (region, school_year) DO NOTHING`,
      [region, schoolYear, byUserId, byOrganisationId, now],
    );
    const [{ id: roundId }] = await this.manager.query(`SELECT id FROM employer_link_round WHERE region = $1 AND school_year = $2`, [region, schoolYear]);
    return roundId;
  }

  /**
   * Adds to the round a link, valid `linkDays`, for every employer with a site in the region that
   * is not stopped, not pausing past `now`, not confirmed for `staleDays`, and with no working
   * link; returns how many.
   */
  async insertDueLinks(roundId: string, schoolYear: string, now: Date, linkDays: number, staleDays: number, region: LabourMarketRegion): Promise<number> {
    const rows: unknown[] = await this.manager.query(
      `INSERT INTO employer_link (employer_id, round_id, school_year, expires_at, created_at)
         SELECT e.id, $1, $2, date_trunc('second', $3::timestamptz + make_interval(days => $4)), $3
           FROM employer e
          WHERE e.status <> 'STOPPED'
            AND NOT (e.status = 'PAUSED' AND e.paused_until > $3::date)
            AND (e.last_verified_at IS NULL OR e.last_verified_at < $3::timestamptz - make_interval(days => $5))
            AND EXISTS (SELECT 1 FROM site s WHERE s.employer_id = e.id AND s.region = $6)
            AND NOT EXISTS (SELECT 1 FROM employer_link l WHERE l.employer_id = e.id AND l.revoked_at IS NULL AND l.expires_at > $3)
         RETURNING id`,
      [roundId, schoolYear, now, linkDays, staleDays, region],
    );
    return rows.length;
  }

  /** The round's report is no longer ready (new links reopened the answer window). */
  async reopenReport(roundId: string): Promise<void> {
    await this.manager.query(`UPDATE employer_link_round SET report_ready_at = NULL WHERE id = $1`, [roundId]);
  }

  /** A LINK_ROUND_STARTED notification event for the round. */
  async addRoundStartedEvent(roundId: string): Promise<void> {
    await this.manager.query(`INSERT INTO notification_event (kind, link_round_id) VALUES ('LINK_ROUND_STARTED', $1)`, [roundId]);
  }

  /** The regions with a site that have no round for the school year yet. */
  regionsWithoutRound(schoolYear: string): Promise<Array<{ region: LabourMarketRegion }>> {
    return this.manager.query(
      `SELECT DISTINCT s.region FROM site s WHERE s.region IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM employer_link_round r WHERE r.region = s.region AND r.school_year = $1)`,
      [schoolYear],
    );
  }

  /**
   * Sets ready, as of `now`, the report of each round (or of the one given) with links none of
   * which can still be answered, with a LINK_ROUND_REPORT_READY notification event for each;
   * returns their ids.
   */
  async markReportsReady(now: Date, roundId: string | null): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.manager.query(
      `WITH ready AS (
         UPDATE employer_link_round r SET report_ready_at = $1
          WHERE r.report_ready_at IS NULL AND ($2::uuid IS NULL OR r.id = $2)
            AND EXISTS (SELECT 1 FROM employer_link l WHERE l.round_id = r.id)
            AND NOT EXISTS (SELECT 1 FROM employer_link l WHERE l.round_id = r.id
                             AND l.answered_at IS NULL AND l.revoked_at IS NULL AND l.expires_at > $1)
         RETURNING r.id
       )
       INSERT INTO notification_event (kind, link_round_id) SELECT 'LINK_ROUND_REPORT_READY', id FROM ready RETURNING link_round_id AS id`,
      [now, roundId],
    );
    return rows.map((r) => r.id);
  }

  findRound(id: string): Promise<EmployerLinkRoundEntity | null> {
    return this.manager.getRepository(EmployerLinkRoundEntity).findOneBy({ id });
  }

  findRoundOf(region: LabourMarketRegion, schoolYear: string): Promise<EmployerLinkRoundEntity | null> {
    return this.manager.getRepository(EmployerLinkRoundEntity).findOneBy({ region, schoolYear });
  }

  linksOfRound(roundId: string): Promise<EmployerLinkEntity[]> {
    return this.manager.getRepository(EmployerLinkEntity).findBy({ roundId });
  }

  // The employer's listing, as its link sees it

  employerExists(id: string): Promise<boolean> {
    return this.manager.existsBy(EmployerEntity, { id });
  }

  findEmployers(ids: string[]): Promise<EmployerEntity[]> {
    return this.manager.getRepository(EmployerEntity).findBy({ id: In(ids) });
  }

  findEmployerOrFail(id: string): Promise<EmployerEntity> {
    return this.manager.findOneByOrFail(EmployerEntity, { id });
  }

  /** The employer, holding its row until the transaction ends. */
  lockEmployer(id: string): Promise<EmployerEntity | null> {
    return this.manager.findOne(EmployerEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async updateEmployer(id: string, changes: QueryDeepPartialEntity<EmployerEntity>): Promise<void> {
    await this.manager.update(EmployerEntity, { id }, changes);
  }

  /** Sets the employer's placements verified as of `at`. */
  async verifyPlacementsOf(employerId: string, at: Date): Promise<void> {
    await this.manager.query(`UPDATE placement SET last_verified_at = $2 WHERE site_id IN (SELECT id FROM site WHERE employer_id = $1)`, [employerId, at]);
  }

  sitesOf(employerId: string): Promise<SiteEntity[]> {
    return this.manager.findBy(SiteEntity, { employerId });
  }

  sitesOfByName(employerId: string): Promise<SiteEntity[]> {
    return this.manager.find(SiteEntity, { where: { employerId }, order: { name: 'ASC' } });
  }

  async updateSite(id: string, changes: QueryDeepPartialEntity<SiteEntity>): Promise<void> {
    await this.manager.update(SiteEntity, { id }, changes);
  }

  placementsOfSites(siteIds: string[]): Promise<PlacementEntity[]> {
    return this.manager.findBy(PlacementEntity, { siteId: In(siteIds) });
  }

  placementsOfSitesByTitle(siteIds: string[]): Promise<PlacementEntity[]> {
    return this.manager.find(PlacementEntity, { where: { siteId: In(siteIds) }, order: { title: 'ASC' } });
  }

  /** A placement built from the values, not yet written. */
  newPlacement(values: DeepPartial<PlacementEntity>): PlacementEntity {
    return this.manager.create(PlacementEntity, values);
  }

  async insertPlacement(placement: PlacementEntity): Promise<void> {
    await this.manager.insert(PlacementEntity, placement);
  }

  async updatePlacement(id: string, changes: QueryDeepPartialEntity<PlacementEntity>): Promise<void> {
    await this.manager.update(PlacementEntity, { id }, changes);
  }

  /** Every organisation's claims on the placements that hold a seat: seat_claim, as internships are private. */
  occupyingClaims(placementIds: string[]): Promise<SeatClaimEntity[]> {
    return this.manager.findBy(SeatClaimEntity, { placementId: In(placementIds), status: In([...OCCUPYING_STATUSES]) });
  }

  supervisorsOfSites(siteIds: string[]): Promise<SupervisorEntity[]> {
    return this.manager.findBy(SupervisorEntity, { siteId: In(siteIds) });
  }

  supervisorsOfSitesByAge(siteIds: string[]): Promise<SupervisorEntity[]> {
    return this.manager.find(SupervisorEntity, { where: { siteId: In(siteIds) }, order: { createdAt: 'ASC' } });
  }

  async insertSupervisor(values: QueryDeepPartialEntity<SupervisorEntity>): Promise<void> {
    await this.manager.insert(SupervisorEntity, values);
  }

  async updateSupervisor(id: string, changes: QueryDeepPartialEntity<SupervisorEntity>): Promise<void> {
    await this.manager.update(SupervisorEntity, { id }, changes);
  }

  async deleteSupervisor(id: string): Promise<void> {
    await this.manager.delete(SupervisorEntity, { id });
  }

  contactsOf(employerId: string): Promise<ContactPersonEntity[]> {
    return this.manager.findBy(ContactPersonEntity, { employerId });
  }

  contactsOfByName(employerId: string): Promise<ContactPersonEntity[]> {
    return this.manager.find(ContactPersonEntity, { where: { employerId }, order: { name: 'ASC' } });
  }

  async insertContact(values: QueryDeepPartialEntity<ContactPersonEntity>): Promise<void> {
    await this.manager.insert(ContactPersonEntity, values);
  }

  async updateContact(id: string, changes: QueryDeepPartialEntity<ContactPersonEntity>): Promise<void> {
    await this.manager.update(ContactPersonEntity, { id }, changes);
  }

  findHostingInterest(employerId: string, schoolYear: string): Promise<EmployerHostingInterestEntity | null> {
    return this.manager.findOneBy(EmployerHostingInterestEntity, { employerId, schoolYear });
  }
}
