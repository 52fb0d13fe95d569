import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import {
  EmployerStatus,
  HostingInterest,
  LinkAnswer,
  SUPPORT_RANK,
  Weekday,
  addMonths,
  normalisePostcode,
  peakOccupancyFrom,
  placementContradictions,
  regionOfPostcode,
} from '@stagebank/domain';
import { EmployerLinkEntity, PlacementEntity, SiteEntity, SupervisorEntity } from '@stagebank/persistence';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { asEmployerLink, asSystem } from '../auth/request-context';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../common/config.provider';
import { ErrorCode, StagebankError, assertNoContradictions } from '../common/stagebank.error';
import { toPoint } from '../common/geo.types';
import { Coordinates, Geocoder } from '../geo/geocoder';
import { HostingInterestService, toHostingInterest } from '../employers/hosting-interest';
import { PlacementCapacity } from '../placements/placement-capacity';
import { EmployerLinkRepository } from './employer-link.repository';
import { LinkedListing, LinkedListingInput, LinkedSiteInput, PauseLinkedListingInput } from './employer-link.types';
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
    private readonly repository: EmployerLinkRepository,
    private readonly clock: Clock,
    private readonly interests: HostingInterestService,
    private readonly geocoder: Geocoder,
    private readonly capacity: PlacementCapacity,
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
    const link = await asSystem(() => this.repository.findLink(claims.id));
    if (!link || Math.floor(link.expiresAt.getTime() / 1000) !== claims.expiresSeconds) throw invalid();
    if (link.revokedAt) throw new StagebankError(ErrorCode.LINK_REVOKED, 'This link was withdrawn: ask your contact at the school for a new one');
    if (link.expiresAt.getTime() <= this.clock.now().getTime()) {
      throw new StagebankError(ErrorCode.LINK_EXPIRED, 'This link has expired: ask your contact at the school for a new one');
    }
    return link;
  }

  private scoped<T>(link: EmployerLinkEntity, work: (tx: EmployerLinkRepository) => Promise<T>): Promise<T> {
    return asEmployerLink({ linkId: link.id, employerId: link.employerId }, () => this.repository.transaction(work));
  }

  async listing(token: string | undefined): Promise<LinkedListing> {
    const link = await this.open(token);
    return this.scoped(link, async (tx) => {
      if (!link.openedAt) await tx.markLinkOpened(link.id, this.clock.now());
      return this.read(tx, link);
    });
  }

  /** Applies the corrections and confirms the listing current, in one transaction. */
  async confirm(token: string | undefined, input: LinkedListingInput): Promise<LinkedListing> {
    const link = await this.open(token);
    // Moved sites are placed by PDOK before the transaction, so no lock waits on the geocoder.
    const placed = await this.placeMovedSites(link, input.sites);
    return this.scoped(link, async (tx) => {
      const employer = await tx.lockEmployer(link.employerId);
      if (!employer) throw new StagebankError(ErrorCode.LINK_INVALID, 'This link is not valid any more');
      const changed = await this.correct(tx, link, input, placed);
      const now = this.clock.now();
      // Confirming ends a pause the employer asked for: it is hosting again.
      const resume = employer.status === EmployerStatus.PAUSED ? { status: EmployerStatus.ACTIVE, pausedUntil: null, statusReason: null } : {};
      // The employer's own cap on approaches a month (left out: kept; null: no cap).
      const cap = input.maxApproachesPerMonth;
      const capChanged = cap !== undefined && cap !== employer.maxApproachesPerMonth;
      await tx.updateEmployer(employer.id, { lastVerifiedAt: now, ...resume, ...(capChanged && { maxApproachesPerMonth: cap }) });
      await tx.verifyPlacementsOf(employer.id, now);
      const answer = changed || capChanged || link.answer === LinkAnswer.CORRECTED ? LinkAnswer.CORRECTED : LinkAnswer.CONFIRMED;
      await tx.answerLink(link.id, { answeredAt: now, answer, openedAt: link.openedAt ?? now });
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
      await tx.updateEmployer(link.employerId, {
        status: EmployerStatus.PAUSED,
        pausedUntil: until,
        statusReason: reason ?? 'Not this year (told through its own link)',
        lastVerifiedAt: now,
      });
      await this.interests.record(
        tx,
        link.employerId,
        { schoolYear: link.schoolYear, interest: HostingInterest.NOT_THIS_YEAR, reasons: input.reasons, note: reason ?? undefined },
        { employerLinkId: link.id },
      );
      await tx.answerLink(link.id, { answeredAt: now, answer: LinkAnswer.PAUSED, openedAt: link.openedAt ?? now });
      return this.read(tx, { ...link, answer: LinkAnswer.PAUSED });
    });
  }

  /**
   * The coordinates of each of the employer's sites whose address the input changes, by site id,
   * from the geocoder; an address it cannot place is refused at that site's postcode.
   */
  private async placeMovedSites(link: EmployerLinkEntity, sites: LinkedSiteInput[]): Promise<Map<string, Coordinates>> {
    const placed = new Map<string, Coordinates>();
    const moving = sites.filter((s) => s.street !== undefined || s.houseNumber !== undefined || s.postcode !== undefined || s.place !== undefined);
    if (moving.length === 0) return placed;
    const own = new Map((await this.scoped(link, (tx) => tx.sitesOf(link.employerId))).map((s) => [s.id, s]));
    for (const [i, input] of sites.entries()) {
      const site = own.get(input.id);
      if (!site || !moving.includes(input)) continue;
      const address = addressOf(site, input);
      if (!movedAddress(site, address)) continue;
      const found = await this.geocoder.locate(address.postcode, address.houseNumber);
      if ('problem' in found) throw StagebankError.badInput(`input.sites[${i}].postcode`, `${found.problem}: check the postcode and house number`);
      placed.set(site.id, found);
    }
    return placed;
  }

  /** Applies the corrections; returns whether anything changed. Ids must be this employer's own. */
  private async correct(tx: EmployerLinkRepository, link: EmployerLinkEntity, input: LinkedListingInput, placed: Map<string, Coordinates>): Promise<boolean> {
    const employerId = link.employerId;
    const sites = new Map((await tx.sitesOf(employerId)).map((s) => [s.id, s]));
    const siteIds = [...sites.keys()];
    const placements = new Map((await tx.placementsOfSites(siteIds)).map((p) => [p.id, p]));
    const supervisors = new Map((await tx.supervisorsOfSites(siteIds)).map((s) => [s.id, s]));
    const contacts = new Map((await tx.contactsOf(employerId)).map((c) => [c.id, c]));
    const notOwn = (what: string, id: string, field: string) => StagebankError.notFound(what, id, field);
    let changed = false;

    for (const [i, site] of input.sites.entries()) {
      const own = sites.get(site.id);
      if (!own) throw notOwn('Site', site.id, `input.sites[${i}].id`);
      const next: Partial<SiteEntity> = {};
      if (own.name !== site.name.trim()) next.name = site.name.trim();
      // The employer's word: a verified wheelchair access changed here is declared again (schema/flag-verification.ts).
      if (site.wheelchairAccessible !== undefined && site.wheelchairAccessible !== own.wheelchairAccessible)
        next.wheelchairAccessible = site.wheelchairAccessible;
      const address = addressOf(own, site);
      if (movedAddress(own, address)) {
        const location = placed.get(own.id);
        // Placed before the transaction; an address changed meanwhile is asked again.
        if (!location) throw new StagebankError(ErrorCode.CONFLICT, 'The address changed meanwhile: send it again', `input.sites[${i}].postcode`);
        Object.assign(next, address, { region: regionOfPostcode(address.postcode), location: toPoint(location) });
      }
      if (Object.keys(next).length) {
        await tx.updateSite(own.id, next);
        changed = true;
      }
    }

    const today = isoDay(this.clock.now());
    for (const [i, p] of input.newPlacements.entries()) {
      const field = `input.newPlacements[${i}]`;
      if (!sites.has(p.siteId)) throw notOwn('Site', p.siteId, `${field}.siteId`);
      const values = tx.newPlacement({
        ...p,
        title: p.title.trim(),
        description: p.description.trim(),
        tasks: p.tasks.map((t) => t.trim()).filter(Boolean),
        availableFrom: p.availableFrom ?? today,
        // An employer naming Saturday or Sunday says there is weekend work.
        weekendWork: p.days.some((d) => d === Weekday.SAT || d === Weekday.SUN),
        werkprocessen: [],
        lastVerifiedAt: this.clock.now(),
      });
      assertNoContradictions(placementContradictions(values));
      if (await this.capacity.supervisionShortfall(tx, values)) {
        throw new StagebankError(
          ErrorCode.CONFLICT,
          `No supervisor at this site gives ${p.supervisionLevel} support: add one below, or choose lighter support`,
          `${field}.supervisionLevel`,
        );
      }
      await tx.insertPlacement(values);
      changed = true;
    }

    for (const [i, p] of input.placements.entries()) {
      const own = placements.get(p.id);
      if (!own) throw notOwn('Placement', p.id, `input.placements[${i}].id`);
      const next: Partial<PlacementEntity> = {};
      if (p.title !== undefined && p.title.trim() !== own.title) next.title = p.title.trim();
      if (p.description !== undefined && p.description.trim() !== own.description) next.description = p.description.trim();
      if (p.seats !== undefined && p.seats !== own.seats) {
        await this.capacity.assertSeatsCover(tx, own, p.seats, `input.placements[${i}].seats`);
        next.seats = p.seats;
      }
      if (Object.keys(next).length) {
        await tx.updatePlacement(own.id, next);
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
          await tx.deleteSupervisor(own.id);
          changed = true;
          continue;
        }
        const next: Partial<SupervisorEntity> = {};
        if (s.name !== undefined && (s.name.trim() || null) !== own.name) next.name = s.name.trim() || null;
        if (s.role !== undefined && s.role !== own.role) next.role = s.role;
        if (s.trained !== undefined && s.trained !== own.trained) next.trained = s.trained;
        if (s.training !== undefined && (s.training.trim() || null) !== own.training) next.training = s.training.trim() || null;
        if (s.maxStudents !== undefined && s.maxStudents !== own.maxStudents) next.maxStudents = s.maxStudents;
        if (s.intensity !== undefined && s.intensity !== own.intensity) next.intensity = s.intensity;
        if (Object.keys(next).length) {
          await tx.updateSupervisor(own.id, next);
          changed = true;
        }
      } else {
        if (!s.siteId || !sites.has(s.siteId)) throw notOwn('Site', s.siteId ?? '', `${field}.siteId`);
        if (!s.role) throw StagebankError.badInput(`${field}.role`, 'say what the new supervisor does');
        if (!s.maxStudents) throw StagebankError.badInput(`${field}.maxStudents`, 'say how many students they can supervise at once');
        if (s.remove) throw StagebankError.badInput(`${field}.remove`, 'only an existing supervisor can be removed');
        await tx.insertSupervisor({
          siteId: s.siteId,
          name: s.name?.trim() || null,
          role: s.role,
          trained: s.trained ?? false,
          training: s.training?.trim() || null,
          maxStudents: s.maxStudents,
          intensity: s.intensity ?? placementsNeed(placements, s.siteId),
        });
        changed = true;
      }
    }
    // Each placement keeps a supervisor who can give the support it promises, by the rule a new placement meets.
    for (const siteId of touchedSites) {
      for (const p of [...placements.values()].filter((p) => p.siteId === siteId)) {
        if (await this.capacity.supervisionShortfall(tx, p)) {
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
          await tx.updateContact(own.id, values);
          changed = true;
        }
      } else {
        await tx.insertContact({ employerId, siteId: null, createdByOrganisationId: null, ...values });
        changed = true;
      }
    }

    if (input.hostingInterest) {
      const before = await tx.findHostingInterest(employerId, link.schoolYear);
      const hi = input.hostingInterest;
      HostingInterestService.check({ schoolYear: link.schoolYear, ...hi }, 'input.hostingInterest');
      await this.interests.record(tx, employerId, { schoolYear: link.schoolYear, ...hi }, { employerLinkId: link.id });
      if (!before || before.interest !== hi.interest) changed = true;
    }
    return changed;
  }

  private async read(tx: EmployerLinkRepository, link: Pick<EmployerLinkEntity, 'employerId' | 'schoolYear' | 'expiresAt' | 'answer'>): Promise<LinkedListing> {
    const employer = await tx.findEmployerOrFail(link.employerId);
    const sites = await tx.sitesOfByName(employer.id);
    const siteIds = sites.map((s) => s.id);
    const placements = await tx.placementsOfSitesByTitle(siteIds);
    const supervisors = await tx.supervisorsOfSitesByAge(siteIds);
    const claims = await tx.occupyingClaims(placements.map((p) => p.id));
    const contacts = await tx.contactsOfByName(employer.id);
    const interest = await tx.findHostingInterest(employer.id, link.schoolYear);
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
        wheelchairAccessible: s.wheelchairAccessible,
        supervisors: supervisors
          .filter((v) => v.siteId === s.id)
          .map((v) => ({
            id: v.id,
            name: v.name,
            role: v.role,
            trained: v.trained,
            training: v.training,
            maxStudents: v.maxStudents,
            intensity: v.intensity,
          })),
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
      maxApproachesPerMonth: employer.maxApproachesPerMonth,
    };
  }
}

type Address = Pick<SiteEntity, 'street' | 'houseNumber' | 'postcode' | 'place'>;

/** The site's address with the input's parts over it, the postcode written as the database keeps it. */
const addressOf = (site: SiteEntity, input: LinkedSiteInput): Address => ({
  street: input.street?.trim() ?? site.street,
  houseNumber: input.houseNumber?.trim() ?? site.houseNumber,
  postcode: input.postcode !== undefined ? (normalisePostcode(input.postcode) ?? input.postcode) : site.postcode,
  place: input.place?.trim() ?? site.place,
});

const movedAddress = (site: SiteEntity, a: Address): boolean =>
  a.street !== site.street || a.houseNumber !== site.houseNumber || a.postcode !== site.postcode || a.place !== site.place;

/** A new supervisor's support, when not given: the most any placement of the site asks. */
function placementsNeed(placements: Map<string, PlacementEntity>, siteId: string) {
  const needs = [...placements.values()].filter((p) => p.siteId === siteId).map((p) => p.supervisionLevel);
  return needs.sort((a, b) => SUPPORT_RANK[b] - SUPPORT_RANK[a])[0] ?? ('MODERATE' as PlacementEntity['supervisionLevel']);
}
