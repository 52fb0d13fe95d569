import { Injectable, Logger } from '@nestjs/common';
import { LabourMarketRegion, LinkAnswer, comingSchoolYear, isSchoolYear } from '@stagebank/domain';
import { EmployerLinkEntity } from '@stagebank/persistence';
import { policy } from '../auth/policy';
import { Viewer, actingUserId } from '../auth/viewer';
import { Clock } from '../common/clock';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { toEmployer } from '../employers/employer.mapper';
import { JobRunner } from '../jobs/job-runner';
import { EmployerLinkRepository } from './employer-link.repository';
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

/** Who started a round: told when its links went out and when its report is ready. No user for an API key. */
export interface RoundStarter {
  userId: string | null;
  organisationId: string;
}

/**
 * Coordinators' side of the employer's own link: making, revoking and listing links, and the yearly
 * round per region (the `employer-link-rounds` job) with its report of who answered. stagebank sends
 * no e-mail: a link's `path` is for the coordinator to send.
 */
@Injectable()
export class EmployerLinkService {
  private readonly logger = new Logger('EmployerLinkRounds');

  constructor(
    private readonly repository: EmployerLinkRepository,
    private readonly clock: Clock,
    private readonly listing: LinkedListingService,
    jobs: JobRunner,
  ) {
    jobs.register({
      name: 'employer-link-rounds',
      kind: 'singleton',
      everyMs: ROUNDS_EVERY_MS,
      run: async () => {
        await this.dueRounds();
        await this.reportsReady();
      },
    });
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
    return this.repository.transaction(async (tx) => {
      if (!(await tx.employerExists(employerId))) throw StagebankError.notFound('Employer', employerId, 'employerId');
      await tx.revokeWorkingLinksOf(employerId, now);
      const link = await tx.insertLink({
        employerId,
        schoolYear: year,
        createdByUserId: actingUserId(viewer),
        createdByOrganisationId: viewer.organisationId,
        expiresAt: new Date(Math.floor((now.getTime() + validDays * DAY_MS) / 1000) * 1000),
      });
      const saved = await tx.findLinkOrFail(link.id);
      return { link: this.toLink(saved), token: this.listing.tokens.sign(saved.id, saved.expiresAt) };
    });
  }

  async revoke(viewer: Viewer, id: string): Promise<EmployerLink> {
    policy.assertCanEditNetwork(viewer);
    const link = await this.repository.findLink(id);
    if (!link) throw StagebankError.notFound('EmployerLink', id);
    if (!link.revokedAt) await this.repository.revokeLink(id, this.clock.now());
    return this.toLink(await this.repository.findLinkOrFail(id));
  }

  async ofEmployer(viewer: Viewer, employerId: string): Promise<EmployerLink[]> {
    policy.assertCanEditNetwork(viewer);
    return (await this.repository.linksOfEmployer(employerId)).map((l) => this.toLink(l));
  }

  /**
   * Starts the round for a region and school year: a link for every employer with a site there that
   * is not stopped, not pausing until later, nobody confirmed for a year, and with no working link
   * yet. Starting a round that exists adds links for employers that became due since. When links
   * went out, whoever started the round is told (LINK_ROUND_STARTED, through the notification
   * dispatcher: in the app and to the organisation's webhooks); `by` is null for the yearly job.
   */
  async startRound(
    region: LabourMarketRegion,
    schoolYear: string,
    by: RoundStarter | null,
    now: Date = this.clock.now(),
  ): Promise<{ roundId: string; created: number }> {
    return this.repository.transaction(async (tx) => {
      const roundId = await tx.ensureRound(region, schoolYear, by?.userId ?? null, by?.organisationId ?? null, now);
      const created = await tx.insertDueLinks(roundId, schoolYear, now, LINK_DAYS, STALE_DAYS, region);
      if (created) {
        this.logger.log(`round ${region} ${schoolYear}: ${created} links for coordinators to send`);
        // New links reopen the answer window: the report is ready again once they are answered or closed.
        await tx.reopenReport(roundId);
        await tx.addRoundStartedEvent(roundId);
      }
      return { roundId, created };
    });
  }

  async startRoundFor(viewer: Viewer, region: LabourMarketRegion): Promise<EmployerLinkRound> {
    policy.assertCanEditNetwork(viewer);
    const schoolYear = comingSchoolYear(isoDay(this.clock.now()));
    await this.startRound(region, schoolYear, { userId: actingUserId(viewer), organisationId: viewer.organisationId });
    return this.report(viewer, region, schoolYear);
  }

  /**
   * The yearly job: from 1 March, each region with employers gets its round for the coming school
   * year (once; the next year's opens the next March).
   */
  async dueRounds(now: Date = this.clock.now()): Promise<number> {
    const schoolYear = comingSchoolYear(isoDay(now));
    if (isoDay(now) < `${schoolYear.slice(0, 4)}-03-01`) return 0;
    const regions = await this.repository.regionsWithoutRound(schoolYear);
    for (const { region } of regions) await this.startRound(region, schoolYear, null, now);
    return regions.length;
  }

  /**
   * Declares the report of each round ready whose links can no longer be answered: every one
   * answered, expired or revoked (a round's links expire LINK_DAYS after it started, or after the
   * start that added them). Each such round's starter is told once (LINK_ROUND_REPORT_READY); a
   * later start that adds links makes it due again. Returns the rounds declared ready. `roundId`
   * limits it to one round (for a test that moves the clock while other tests share the database).
   */
  async reportsReady(now: Date = this.clock.now(), roundId: string | null = null): Promise<string[]> {
    const ids = await this.repository.markReportsReady(now, roundId);
    if (ids.length) this.logger.log(`reports ready: ${ids.length} rounds`);
    return ids;
  }

  /** A round's report by its id (what a LINK_ROUND_* notification names). */
  async reportOf(viewer: Viewer, roundId: string): Promise<EmployerLinkRound | null> {
    policy.assertCanEditNetwork(viewer);
    const round = await this.repository.findRound(roundId);
    return round && this.report(viewer, round.region, round.schoolYear);
  }

  /** Who answered in a region's round. */
  async report(viewer: Viewer, region: LabourMarketRegion, schoolYear?: string): Promise<EmployerLinkRound> {
    policy.assertCanEditNetwork(viewer);
    const year = schoolYear ?? comingSchoolYear(isoDay(this.clock.now()));
    if (!isSchoolYear(year)) throw StagebankError.badInput('schoolYear', 'a school year such as "2027-2028"');
    const round = await this.repository.findRoundOf(region, year);
    if (!round) throw new StagebankError(ErrorCode.NOT_FOUND, `No round in ${region} for ${year} yet`, 'region');
    const links = await this.repository.linksOfRound(round.id);
    const employers = new Map((await this.repository.findEmployers(links.map((l) => l.employerId))).map((e) => [e.id, e]));
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
      reportReadyAt: round.reportReadyAt,
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
