import { Injectable, Logger } from '@nestjs/common';
import { LabourMarketRegion, LinkAnswer, comingSchoolYear, isSchoolYear } from '@stagebank/domain';
import { EmployerEntity, EmployerLinkEntity, EmployerLinkRoundEntity } from '@stagebank/persistence';
import { DataSource, In } from 'typeorm';
import { policy } from '../auth/policy';
import { Viewer, actingUserId } from '../auth/viewer';
import { Clock } from '../common/clock';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { toEmployer } from '../employers/employer.mapper';
import { JobRunner } from '../jobs/job-runner';
import { CreatedEmployerLink, EmployerLink, EmployerLinkRound, LinkStatus } from './employer-link.types';
import { LinkedListingService } from './linked-listing.service';
import { linkPath } from './link-token';

const DAY_MS = 86_400_000;
/** How long a link works unless the coordinator says otherwise. */
export const LINK_DAYS = 42;
/** An employer nobody confirmed for this long gets a link in the yearly round. */
const STALE_DAYS = 365;
const ROUNDS_EVERY_MS = 6 * 60 * 60_000;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Coordinators' side of the employer's own link: making, revoking and listing links, and the yearly
 * round per region (the `employer-link-rounds` job) with its report of who answered. stagebank sends
 * no e-mail: a link's `path` is for the coordinator to send.
 */
@Injectable()
export class EmployerLinkService {
  private readonly logger = new Logger('EmployerLinkRounds');

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly listing: LinkedListingService,
    jobs: JobRunner,
  ) {
    jobs.register({ name: 'employer-link-rounds', kind: 'singleton', everyMs: ROUNDS_EVERY_MS, run: async () => void (await this.dueRounds()) });
  }

  toLink(link: EmployerLinkEntity): EmployerLink {
    const now = this.clock.now().getTime();
    const status = link.revokedAt
      ? LinkStatus.REVOKED
      : link.answeredAt
        ? LinkStatus.ANSWERED
        : link.expiresAt.getTime() <= now
          ? LinkStatus.EXPIRED
          : LinkStatus.OPEN;
    const works = !link.revokedAt && link.expiresAt.getTime() > now;
    return {
      id: link.id,
      employerId: link.employerId,
      schoolYear: link.schoolYear,
      status,
      createdAt: link.createdAt,
      expiresAt: link.expiresAt,
      revokedAt: link.revokedAt,
      openedAt: link.openedAt,
      answeredAt: link.answeredAt,
      answer: link.answer,
      createdByUserId: link.createdByUserId,
      roundId: link.roundId,
      path: works ? linkPath(this.listing.tokens.sign(link.id, link.expiresAt)) : null,
    };
  }

  /** A new link for the employer; earlier links of the employer that still work are revoked, so one works at a time. */
  async create(viewer: Viewer, employerId: string, validDays: number, schoolYear: string | undefined): Promise<CreatedEmployerLink> {
    policy.assertCanEditNetwork(viewer);
    const now = this.clock.now();
    const year = schoolYear ?? comingSchoolYear(isoDay(now));
    if (!isSchoolYear(year)) throw StagebankError.badInput('schoolYear', 'a school year such as "2027-2028"');
    return this.db.transaction(async (tx) => {
      if (!(await tx.existsBy(EmployerEntity, { id: employerId }))) throw StagebankError.notFound('Employer', employerId, 'employerId');
      await tx.query(`UPDATE employer_link SET revoked_at = $2 WHERE employer_id = $1 AND revoked_at IS NULL AND expires_at > $2`, [employerId, now]);
      const link = await tx.save(
        tx.create(EmployerLinkEntity, {
          employerId,
          schoolYear: year,
          createdByUserId: actingUserId(viewer),
          createdByOrganisationId: viewer.organisationId,
          expiresAt: new Date(Math.floor((now.getTime() + validDays * DAY_MS) / 1000) * 1000),
        }),
      );
      const saved = await tx.findOneByOrFail(EmployerLinkEntity, { id: link.id });
      return { link: this.toLink(saved), token: this.listing.tokens.sign(saved.id, saved.expiresAt) };
    });
  }

  async revoke(viewer: Viewer, id: string): Promise<EmployerLink> {
    policy.assertCanEditNetwork(viewer);
    const repository = this.db.getRepository(EmployerLinkEntity);
    const link = await repository.findOneBy({ id });
    if (!link) throw StagebankError.notFound('EmployerLink', id);
    if (!link.revokedAt) await repository.update(id, { revokedAt: this.clock.now() });
    return this.toLink(await repository.findOneByOrFail({ id }));
  }

  async ofEmployer(viewer: Viewer, employerId: string): Promise<EmployerLink[]> {
    policy.assertCanEditNetwork(viewer);
    return (await this.db.getRepository(EmployerLinkEntity).find({ where: { employerId }, order: { createdAt: 'DESC' } })).map((l) => this.toLink(l));
  }

  /**
   * Starts the round for a region and school year: a link for every employer with a site there that
   * is not stopped, not pausing until later, nobody confirmed for a year, and with no working link
   * yet. Starting a round that exists adds links for employers that became due since.
   */
  async startRound(
    region: LabourMarketRegion,
    schoolYear: string,
    by: string | null,
    now: Date = this.clock.now(),
  ): Promise<{ roundId: string; created: number }> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO employer_link_round (region, school_year, started_by_user_id, started_at) VALUES ($1, $2, $3, $4) ON CONFLICT (region, school_year) DO NOTHING`,
        [region, schoolYear, by, now],
      );
      const [{ id: roundId }] = await tx.query(`SELECT id FROM employer_link_round WHERE region = $1 AND school_year = $2`, [region, schoolYear]);
      const rows: unknown[] = await tx.query(
        `INSERT INTO employer_link (employer_id, round_id, school_year, expires_at, created_at)
         SELECT e.id, $1, $2, date_trunc('second', $3::timestamptz + make_interval(days => $4)), $3
           FROM employer e
          WHERE e.status <> 'STOPPED'
            AND NOT (e.status = 'PAUSED' AND e.paused_until > $3::date)
            AND (e.last_verified_at IS NULL OR e.last_verified_at < $3::timestamptz - make_interval(days => $5))
            AND EXISTS (SELECT 1 FROM site s WHERE s.employer_id = e.id AND s.region = $6)
            AND NOT EXISTS (SELECT 1 FROM employer_link l WHERE l.employer_id = e.id AND l.revoked_at IS NULL AND l.expires_at > $3)
         RETURNING id`,
        [roundId, schoolYear, now, LINK_DAYS, STALE_DAYS, region],
      );
      if (rows.length) this.logger.log(`round ${region} ${schoolYear}: ${rows.length} links for coordinators to send`);
      return { roundId, created: rows.length };
    });
  }

  async startRoundFor(viewer: Viewer, region: LabourMarketRegion): Promise<EmployerLinkRound> {
    policy.assertCanEditNetwork(viewer);
    const schoolYear = comingSchoolYear(isoDay(this.clock.now()));
    await this.startRound(region, schoolYear, actingUserId(viewer));
    return this.report(viewer, region, schoolYear);
  }

  /**
   * The yearly job: from 1 March, each region with employers gets its round for the coming school
   * year (once; the next year's opens the next March).
   */
  async dueRounds(now: Date = this.clock.now()): Promise<number> {
    const schoolYear = comingSchoolYear(isoDay(now));
    if (isoDay(now) < `${schoolYear.slice(0, 4)}-03-01`) return 0;
    const regions: Array<{ region: LabourMarketRegion }> = await this.db.query(
      `SELECT DISTINCT s.region FROM site s WHERE s.region IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM employer_link_round r WHERE r.region = s.region AND r.school_year = $1)`,
      [schoolYear],
    );
    for (const { region } of regions) await this.startRound(region, schoolYear, null, now);
    return regions.length;
  }

  /** Who answered in a region's round. */
  async report(viewer: Viewer, region: LabourMarketRegion, schoolYear?: string): Promise<EmployerLinkRound> {
    policy.assertCanEditNetwork(viewer);
    const year = schoolYear ?? comingSchoolYear(isoDay(this.clock.now()));
    if (!isSchoolYear(year)) throw StagebankError.badInput('schoolYear', 'a school year such as "2027-2028"');
    const round = await this.db.getRepository(EmployerLinkRoundEntity).findOneBy({ region, schoolYear: year });
    if (!round) throw new StagebankError(ErrorCode.NOT_FOUND, `No round in ${region} for ${year} yet`, 'region');
    const links = await this.db.getRepository(EmployerLinkEntity).findBy({ roundId: round.id });
    const employers = new Map((await this.db.getRepository(EmployerEntity).findBy({ id: In(links.map((l) => l.employerId)) })).map((e) => [e.id, e]));
    const count = (answer: LinkAnswer) => links.filter((l) => l.answer === answer).length;
    const entries = links
      .filter((l) => employers.has(l.employerId))
      .map((l) => ({ employer: toEmployer(employers.get(l.employerId)!), link: this.toLink(l) }))
      .sort((a, b) => Number(!!a.link.answeredAt) - Number(!!b.link.answeredAt) || a.employer.name.localeCompare(b.employer.name));
    const answered = links.filter((l) => l.answeredAt).length;
    return {
      id: round.id,
      region: round.region,
      schoolYear: round.schoolYear,
      startedAt: round.startedAt,
      links: links.length,
      answered,
      confirmed: count(LinkAnswer.CONFIRMED),
      corrected: count(LinkAnswer.CORRECTED),
      paused: count(LinkAnswer.PAUSED),
      unanswered: links.length - answered,
      entries,
    };
  }
}
