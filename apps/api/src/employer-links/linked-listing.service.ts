import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { EmployerStatus, HostingInterest, LinkAnswer, OCCUPYING_STATUSES, SUPPORT_RANK, addMonths, peakOccupancyFrom } from '@stagebank/domain';
import {
  ContactPersonEntity,
  EmployerEntity,
  EmployerHostingInterestEntity,
  EmployerLinkEntity,
  PlacementEntity,
  SeatClaimEntity,
  SiteEntity,
  SupervisorEntity,
} from '@stagebank/persistence';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { DataSource, EntityManager, In } from 'typeorm';
import { asEmployerLink, asSystem } from '../auth/request-context';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../common/config.provider';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { HostingInterestService, toHostingInterest } from '../employers/hosting-interest';
import { LinkedListing, LinkedListingInput, PauseLinkedListingInput } from './employer-link.types';
import { LinkTokens } from './link-token';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * What an employer can do through its own link, and nothing more: read its listing, correct and
 * confirm it, or pause. The token is the only credential. Every step runs as the link (asEmployerLink):
 * the database sees no organisation, so no school-private row, and row-level security lets it write
 * only its own employer's rows; on top of that every id in the input must be one of its own, or the
 * answer is NOT_FOUND, the same as for an id that does not exist (no oracle for other employers' ids).
 */
@Injectable()
export class LinkedListingService {
  readonly tokens: LinkTokens;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly interests: HostingInterestService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.tokens = new LinkTokens(config.auth.tokenSecret);
  }

  /** The link a token opens, or the reason it does not: LINK_INVALID (malformed, tampered, unknown), LINK_REVOKED, LINK_EXPIRED. */
  async open(token: string | undefined): Promise<EmployerLinkEntity> {
    if (!token) throw new StagebankError(ErrorCode.UNAUTHENTICATED, 'Open the link you were sent: it carries the key to your listing');
    const claims = this.tokens.verify(token);
    const invalid = () => new StagebankError(ErrorCode.LINK_INVALID, 'This link is not valid: ask your contact at the school for a new one');
    if (!claims) throw invalid();
    const link = await asSystem(() => this.db.getRepository(EmployerLinkEntity).findOneBy({ id: claims.id }));
    if (!link || Math.floor(link.expiresAt.getTime() / 1000) !== claims.expiresSeconds) throw invalid();
    if (link.revokedAt) throw new StagebankError(ErrorCode.LINK_REVOKED, 'This link was withdrawn: ask your contact at the school for a new one');
    if (link.expiresAt.getTime() <= this.clock.now().getTime()) {
      throw new StagebankError(ErrorCode.LINK_EXPIRED, 'This link has expired: ask your contact at the school for a new one');
    }
    return link;
  }

  private scoped<T>(link: EmployerLinkEntity, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return asEmployerLink({ linkId: link.id, employerId: link.employerId }, () => this.db.transaction(work));
  }

  async listing(token: string | undefined): Promise<LinkedListing> {
    const link = await this.open(token);
    return this.scoped(link, async (tx) => {
      if (!link.openedAt) await tx.update(EmployerLinkEntity, { id: link.id }, { openedAt: this.clock.now() });
      return this.read(tx, link);
    });
  }

  /** Applies the corrections and confirms the listing current, in one transaction. */
  async confirm(token: string | undefined, input: LinkedListingInput): Promise<LinkedListing> {
    const link = await this.open(token);
    return this.scoped(link, async (tx) => {
      const employer = await tx.findOne(EmployerEntity, { where: { id: link.employerId }, lock: { mode: 'pessimistic_write' } });
      if (!employer) throw new StagebankError(ErrorCode.LINK_INVALID, 'This link is not valid any more');
      const changed = await this.correct(tx, link, input);
      const now = this.clock.now();
      // Confirming ends a pause the employer asked for: it is hosting again.
      const resume = employer.status === EmployerStatus.PAUSED ? { status: EmployerStatus.ACTIVE, pausedUntil: null, statusReason: null } : {};
      await tx.update(EmployerEntity, { id: employer.id }, { lastVerifiedAt: now, ...resume });
      await tx.query(`UPDATE placement SET last_verified_at = $2 WHERE site_id IN (SELECT id FROM site WHERE employer_id = $1)`, [employer.id, now]);
      const answer = changed || link.answer === LinkAnswer.CORRECTED ? LinkAnswer.CORRECTED : LinkAnswer.CONFIRMED;
      await tx.update(EmployerLinkEntity, { id: link.id }, { answeredAt: now, answer, openedAt: link.openedAt ?? now });
      return this.read(tx, { ...link, answer });
    });
  }

  /** "Not this year, ask again in …": pauses the employer until then, records NOT_THIS_YEAR for the school year, and counts as an answer. */
  async pause(token: string | undefined, input: PauseLinkedListingInput): Promise<LinkedListing> {
    const link = await this.open(token);
    return this.scoped(link, async (tx) => {
      const now = this.clock.now();
      const until = addMonths(isoDay(now), input.askAgainInMonths);
      const reason = input.reason?.trim() || null;
      await tx.update(
        EmployerEntity,
        { id: link.employerId },
        { status: EmployerStatus.PAUSED, pausedUntil: until, statusReason: reason ?? 'Not this year (told through its own link)', lastVerifiedAt: now },
      );
      await this.interests.record(
        tx,
        link.employerId,
        { schoolYear: link.schoolYear, interest: HostingInterest.NOT_THIS_YEAR, reasons: input.reasons, note: reason ?? undefined },
        { employerLinkId: link.id },
      );
      await tx.update(EmployerLinkEntity, { id: link.id }, { answeredAt: now, answer: LinkAnswer.PAUSED, openedAt: link.openedAt ?? now });
      return this.read(tx, { ...link, answer: LinkAnswer.PAUSED });
    });
  }

  /** Applies the corrections; returns whether anything changed. Ids must be this employer's own. */
  private async correct(tx: EntityManager, link: EmployerLinkEntity, input: LinkedListingInput): Promise<boolean> {
    const employerId = link.employerId;
    const sites = new Map((await tx.findBy(SiteEntity, { employerId })).map((s) => [s.id, s]));
    const siteIds = [...sites.keys()];
    const placements = new Map((await tx.findBy(PlacementEntity, { siteId: In(siteIds) })).map((p) => [p.id, p]));
    const supervisors = new Map((await tx.findBy(SupervisorEntity, { siteId: In(siteIds) })).map((s) => [s.id, s]));
    const contacts = new Map((await tx.findBy(ContactPersonEntity, { employerId })).map((c) => [c.id, c]));
    const notOwn = (what: string, id: string, field: string) => StagebankError.notFound(what, id, field);
    let changed = false;

    for (const [i, site] of input.sites.entries()) {
      const own = sites.get(site.id);
      if (!own) throw notOwn('Site', site.id, `input.sites[${i}].id`);
      if (own.name !== site.name.trim()) {
        await tx.update(SiteEntity, { id: own.id }, { name: site.name.trim() });
        changed = true;
      }
    }

    for (const [i, p] of input.placements.entries()) {
      const own = placements.get(p.id);
      if (!own) throw notOwn('Placement', p.id, `input.placements[${i}].id`);
      const next: Partial<PlacementEntity> = {};
      if (p.title !== undefined && p.title.trim() !== own.title) next.title = p.title.trim();
      if (p.description !== undefined && p.description.trim() !== own.description) next.description = p.description.trim();
      if (p.seats !== undefined && p.seats !== own.seats) {
        // Locked so an internship cannot take a seat this removes meanwhile.
        await tx.findOne(PlacementEntity, { where: { id: own.id }, lock: { mode: 'pessimistic_write' } });
        const peak = peakOccupancyFrom(
          await tx.findBy(SeatClaimEntity, { placementId: own.id, status: In([...OCCUPYING_STATUSES]) }),
          isoDay(this.clock.now()),
        );
        if (p.seats < peak) {
          throw new StagebankError(
            ErrorCode.CONFLICT,
            `${peak} seats of "${own.title}" are taken at the same time; seats cannot go below that`,
            `input.placements[${i}].seats`,
          );
        }
        next.seats = p.seats;
      }
      if (Object.keys(next).length) {
        await tx.update(PlacementEntity, { id: own.id }, next);
        changed = true;
      }
    }

    const touchedSites = new Set<string>();
    for (const [i, s] of input.supervisors.entries()) {
      const field = `input.supervisors[${i}]`;
      if (s.id) {
        const own = supervisors.get(s.id);
        if (!own) throw notOwn('Supervisor', s.id, `${field}.id`);
        touchedSites.add(own.siteId);
        if (s.remove) {
          await tx.delete(SupervisorEntity, { id: own.id });
          changed = true;
          continue;
        }
        const next: Partial<SupervisorEntity> = {};
        if (s.name !== undefined && (s.name.trim() || null) !== own.name) next.name = s.name.trim() || null;
        if (s.role !== undefined && s.role !== own.role) next.role = s.role;
        if (s.trained !== undefined && s.trained !== own.trained) next.trained = s.trained;
        if (s.maxStudents !== undefined && s.maxStudents !== own.maxStudents) next.maxStudents = s.maxStudents;
        if (s.intensity !== undefined && s.intensity !== own.intensity) next.intensity = s.intensity;
        if (Object.keys(next).length) {
          await tx.update(SupervisorEntity, { id: own.id }, next);
          changed = true;
        }
      } else {
        if (!s.siteId || !sites.has(s.siteId)) throw notOwn('Site', s.siteId ?? '', `${field}.siteId`);
        if (!s.role) throw StagebankError.badInput(`${field}.role`, 'say what the new supervisor does');
        if (!s.maxStudents) throw StagebankError.badInput(`${field}.maxStudents`, 'say how many students they can supervise at once');
        if (s.remove) throw StagebankError.badInput(`${field}.remove`, 'only an existing supervisor can be removed');
        await tx.insert(SupervisorEntity, {
          siteId: s.siteId,
          name: s.name?.trim() || null,
          role: s.role,
          trained: s.trained ?? false,
          maxStudents: s.maxStudents,
          intensity: s.intensity ?? placementsNeed(placements, s.siteId),
        });
        changed = true;
      }
    }
    // Each placement keeps a supervisor who can give the support it promises.
    for (const siteId of touchedSites) {
      const left = await tx.findBy(SupervisorEntity, { siteId });
      for (const p of [...placements.values()].filter((p) => p.siteId === siteId)) {
        if (!left.some((s) => SUPPORT_RANK[s.intensity] >= SUPPORT_RANK[p.supervisionLevel])) {
          throw new StagebankError(
            ErrorCode.CONFLICT,
            `"${p.title}" needs a supervisor who gives ${p.supervisionLevel} support; keep or add one`,
            'input.supervisors',
          );
        }
      }
    }

    for (const [i, c] of input.contactPersons.entries()) {
      const field = `input.contactPersons[${i}]`;
      const own = c.id ? contacts.get(c.id) : undefined;
      if (c.id && !own) throw notOwn('ContactPerson', c.id, `${field}.id`);
      let phone: string | null = null;
      if (c.phone?.trim()) {
        try {
          phone = parsePhoneNumberWithError(c.phone, 'NL').number;
        } catch {
          throw StagebankError.badInput(`${field}.phone`, 'a phone number such as 06 12345678 or +31 30 123 4567');
        }
      }
      const values = { name: c.name.trim(), role: c.role?.trim() || null, phone, email: c.email?.trim().toLowerCase() || null };
      if (!values.phone && !values.email) throw StagebankError.badInput(`${field}.phone`, 'give a phone number or an e-mail address');
      if (own) {
        if (own.name !== values.name || own.role !== values.role || own.phone !== values.phone || own.email !== values.email) {
          await tx.update(ContactPersonEntity, { id: own.id }, values);
          changed = true;
        }
      } else {
        await tx.insert(ContactPersonEntity, { employerId, siteId: null, createdByOrganisationId: null, ...values });
        changed = true;
      }
    }

    if (input.hostingInterest) {
      const before = await tx.findOneBy(EmployerHostingInterestEntity, { employerId, schoolYear: link.schoolYear });
      const hi = input.hostingInterest;
      HostingInterestService.check({ schoolYear: link.schoolYear, ...hi }, 'input.hostingInterest');
      await this.interests.record(tx, employerId, { schoolYear: link.schoolYear, ...hi }, { employerLinkId: link.id });
      if (!before || before.interest !== hi.interest) changed = true;
    }
    return changed;
  }

  private async read(tx: EntityManager, link: Pick<EmployerLinkEntity, 'employerId' | 'schoolYear' | 'expiresAt' | 'answer'>): Promise<LinkedListing> {
    const employer = await tx.findOneByOrFail(EmployerEntity, { id: link.employerId });
    const sites = await tx.find(SiteEntity, { where: { employerId: employer.id }, order: { name: 'ASC' } });
    const siteIds = sites.map((s) => s.id);
    const placements = await tx.find(PlacementEntity, { where: { siteId: In(siteIds) }, order: { title: 'ASC' } });
    const supervisors = await tx.find(SupervisorEntity, { where: { siteId: In(siteIds) }, order: { createdAt: 'ASC' } });
    const claims = await tx.findBy(SeatClaimEntity, { placementId: In(placements.map((p) => p.id)), status: In([...OCCUPYING_STATUSES]) });
    const contacts = await tx.find(ContactPersonEntity, { where: { employerId: employer.id }, order: { name: 'ASC' } });
    const interest = await tx.findOneBy(EmployerHostingInterestEntity, { employerId: employer.id, schoolYear: link.schoolYear });
    const today = isoDay(this.clock.now());
    return {
      employerId: employer.id,
      name: employer.name,
      status: employer.status,
      pausedUntil: employer.pausedUntil,
      lastVerifiedAt: employer.lastVerifiedAt,
      schoolYear: link.schoolYear,
      linkExpiresAt: link.expiresAt,
      answer: link.answer,
      sites: sites.map((s) => ({
        id: s.id,
        name: s.name,
        street: s.street,
        houseNumber: s.houseNumber,
        postcode: s.postcode,
        place: s.place,
        supervisors: supervisors
          .filter((v) => v.siteId === s.id)
          .map((v) => ({ id: v.id, name: v.name, role: v.role, trained: v.trained, maxStudents: v.maxStudents, intensity: v.intensity })),
        placements: placements
          .filter((p) => p.siteId === s.id)
          .map((p) => ({
            id: p.id,
            title: p.title,
            description: p.description,
            seats: p.seats,
            seatsTaken: peakOccupancyFrom(
              claims.filter((c) => c.placementId === p.id),
              today,
            ),
            availableFrom: p.availableFrom,
            availableUntil: p.availableUntil,
          })),
      })),
      contactPersons: contacts.map((c) => ({ id: c.id, name: c.name, role: c.role, phone: c.phone, email: c.email })),
      hostingInterest: interest ? toHostingInterest(interest) : null,
    };
  }
}

/** A new supervisor's support, when not given: the most any placement of the site asks. */
function placementsNeed(placements: Map<string, PlacementEntity>, siteId: string) {
  const needs = [...placements.values()].filter((p) => p.siteId === siteId).map((p) => p.supervisionLevel);
  return needs.sort((a, b) => SUPPORT_RANK[b] - SUPPORT_RANK[a])[0] ?? ('MODERATE' as PlacementEntity['supervisionLevel']);
}
