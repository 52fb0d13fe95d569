import {
  Audience,
  Certificate,
  EmployerStatus,
  PaidJobChance,
  PlacementType,
  SUPPORT_RANK,
  Sector,
  StudentConstraint,
  holdsSeat,
  missingQualifications,
} from '@stagebank/domain';
import { tagMask } from './scoring';
import type { Qualification } from '@stagebank/domain';
import { effectiveSupervisionLevel } from './site-supervision';
import { experienceCeiling } from './track-record';
import { Candidate, MatchProfile, Period } from './types';

const SECTOR_LIST = Object.values(Sector);
const TYPE_LIST = Object.values(PlacementType);
const AUDIENCE_BIT: Record<Audience, number> = { [Audience.PRO]: 1, [Audience.VSO]: 2, [Audience.PLP]: 4 };
const CERTIFICATE_BIT = Object.fromEntries(Object.values(Certificate).map((c, i) => [c, 1 << i])) as Record<Certificate, number>;
const STATUS_CODE: Record<EmployerStatus, number> = { [EmployerStatus.ACTIVE]: 0, [EmployerStatus.PAUSED]: 1, [EmployerStatus.STOPPED]: 2 };
const PAID_JOB_RAW: Record<PaidJobChance, number> = { [PaidJobChance.LIKELY]: 1, [PaidJobChance.POSSIBLE]: 0.5, [PaidJobChance.NONE]: 0 };
const NO_END = 2 ** 31 - 1;
const FLAG = { wheelchair: 1, weekend: 2, customerContact: 4, quiet: 8, schoolSupervisor: 16, boris: 64, allowance: 128 };

/** Days since 1970-01-01 for an ISO day; string order and day order agree. */
export const dayNumber = (day: string): number => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;

export const sectorBit = (sector: Sector): number => 1 << SECTOR_LIST.indexOf(sector);

/** One student's hard limits in the columns' terms. */
export interface ColumnQuery {
  from: number;
  to: number;
  audienceBit: number;
  supportRank: number;
  /** Flags the placement must not have (weekend, customer contact). */
  forbidden: number;
  /** Flags the placement must have (wheelchair access, quiet workplace). */
  required: number;
  missingCertificates: number;
  /** The student's diplomas, for placements that require some. */
  qualifications: Qualification[];
  sectorFilter: number;
  typeFilter: Set<number> | null;
}

/** Growable typed-array storage: one slot per placement, doubled when full. */
const grown = <T extends Int32Array | Uint8Array | Float64Array>(a: T, capacity: number): T => {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a);
  return b;
};

/**
 * The candidates' fields that every radius scan reads, as typed arrays indexed by slot, so a scan
 * walks contiguous memory instead of hundreds of thousands of scattered objects. `passes` is the
 * hard-limit rule list (hard-limits.ts) restated over these columns; the property tests hold the two equal.
 * Slots are written one at a time (`set`), so the index can patch a placement in place; seat claims
 * and recognition spans live in append-only pools, whose dropped entries go at the index's compaction.
 */
export class CandidateColumns {
  latitude = new Float64Array(0);
  longitude = new Float64Array(0);
  private status = new Uint8Array(0);
  private pausedUntil = new Int32Array(0);
  private audiences = new Uint8Array(0);
  private availableFrom = new Int32Array(0);
  private availableUntil = new Int32Array(0);
  private seats = new Int32Array(0);
  private supervision = new Uint8Array(0);
  private flags = new Uint8Array(0);
  private certificates = new Uint8Array(0);
  /** Per slot, three entries: supervisor capacity at LIGHT, MODERATE and INTENSIVE or more (Candidate.supervisorCapacity). */
  private supervisorCapacity = new Int32Array(0);
  /** Required qualifications per slot; undefined for the many placements that require none. */
  private requiredQualifications: Array<Qualification[] | undefined> = [];
  sector = new Uint8Array(0);
  type = new Uint8Array(0);
  employerSectors = new Int32Array(0);
  tags = new Int32Array(0);
  /** The most the experience criterion can score here for any student (experiences count per kind of student). */
  experienceRaw = new Float64Array(0);
  paidJobRaw = new Float64Array(0);
  /** Per slot: where its seat-holding claims start in the pool, and how many. */
  private claimAt = new Int32Array(0);
  private claimCount = new Int32Array(0);
  /** Per slot: where its recognitions' validity spans start in the pool, and how many. */
  private recognitionAt = new Int32Array(0);
  private recognitionCount = new Int32Array(0);
  /** Per slot: where the seat-holding claims of its whole site (the supervisors' load) start in the pool, and how many. */
  private siteClaimAt = new Int32Array(0);
  private siteClaimCount = new Int32Array(0);
  private readonly claims = new DayPairs();
  private readonly siteClaims = new DayPairs();
  private readonly recognitions = new DayPairs();
  capacity = 0;

  constructor(candidates: readonly Candidate[] = []) {
    this.reserve(candidates.length);
    candidates.forEach((c, i) => this.set(i, c));
  }

  /** Entries in the claim and recognition pools, live or dropped, for the index's compaction threshold. */
  get poolSize(): number {
    return this.claims.length + this.recognitions.length + this.siteClaims.length;
  }

  /** Makes room for slots 0 … n-1. */
  reserve(n: number): void {
    if (n <= this.capacity) return;
    const capacity = Math.max(n, Math.ceil(this.capacity * 1.5), 16);
    this.latitude = grown(this.latitude, capacity);
    this.longitude = grown(this.longitude, capacity);
    this.status = grown(this.status, capacity);
    this.pausedUntil = grown(this.pausedUntil, capacity);
    this.audiences = grown(this.audiences, capacity);
    this.availableFrom = grown(this.availableFrom, capacity);
    this.availableUntil = grown(this.availableUntil, capacity);
    this.seats = grown(this.seats, capacity);
    this.supervision = grown(this.supervision, capacity);
    this.flags = grown(this.flags, capacity);
    this.certificates = grown(this.certificates, capacity);
    this.supervisorCapacity = grown(this.supervisorCapacity, capacity * 3);
    this.siteClaimAt = grown(this.siteClaimAt, capacity);
    this.siteClaimCount = grown(this.siteClaimCount, capacity);
    this.sector = grown(this.sector, capacity);
    this.type = grown(this.type, capacity);
    this.employerSectors = grown(this.employerSectors, capacity);
    this.tags = grown(this.tags, capacity);
    this.experienceRaw = grown(this.experienceRaw, capacity);
    this.paidJobRaw = grown(this.paidJobRaw, capacity);
    this.claimAt = grown(this.claimAt, capacity);
    this.claimCount = grown(this.claimCount, capacity);
    this.recognitionAt = grown(this.recognitionAt, capacity);
    this.recognitionCount = grown(this.recognitionCount, capacity);
    this.capacity = capacity;
  }

  /** Writes one candidate's fields into slot i (which `reserve` made room for). */
  set(i: number, c: Candidate): void {
    this.latitude[i] = c.location.latitude;
    this.longitude[i] = c.location.longitude;
    this.status[i] = STATUS_CODE[c.employerStatus];
    this.pausedUntil[i] = c.pausedUntil === null ? -NO_END : dayNumber(c.pausedUntil);
    this.audiences[i] = c.audiences.reduce((mask, a) => mask | AUDIENCE_BIT[a], 0);
    this.availableFrom[i] = dayNumber(c.availableFrom);
    this.availableUntil[i] = c.availableUntil === null ? NO_END : dayNumber(c.availableUntil);
    this.seats[i] = c.seats;
    const held = c.claims.filter(holdsSeat);
    this.claimAt[i] = this.claims.length;
    this.claimCount[i] = held.length;
    for (const claim of held) this.claims.push(dayNumber(claim.startDate), dayNumber(claim.endDate));
    this.recognitionAt[i] = this.recognitions.length;
    this.recognitionCount[i] = c.recognitions.length;
    for (const r of c.recognitions) this.recognitions.push(dayNumber(r.validFrom), r.validUntil === null ? NO_END : dayNumber(r.validUntil));
    // The level the site's supervisors can really give, not only the one the placement claims.
    this.supervision[i] = SUPPORT_RANK[effectiveSupervisionLevel(c)];
    for (let k = 0; k < 3; k++) this.supervisorCapacity[i * 3 + k] = c.supervisorCapacity[k];
    const siteHeld = c.siteClaims.filter(holdsSeat);
    this.siteClaimAt[i] = this.siteClaims.length;
    this.siteClaimCount[i] = siteHeld.length;
    for (const claim of siteHeld) this.siteClaims.push(dayNumber(claim.startDate), dayNumber(claim.endDate));
    this.requiredQualifications[i] = c.requiredQualifications.length ? c.requiredQualifications : undefined;
    this.flags[i] =
      (c.wheelchairAccessible ? FLAG.wheelchair : 0) |
      (c.weekendWork ? FLAG.weekend : 0) |
      (c.customerContact ? FLAG.customerContact : 0) |
      (c.quietWorkplace ? FLAG.quiet : 0) |
      (c.schoolSupervisorRequired ? FLAG.schoolSupervisor : 0) |
      (c.borisFlag ? FLAG.boris : 0) |
      (c.allowancePaid ? FLAG.allowance : 0);
    this.certificates[i] = c.requiredCertificates.reduce((mask, cert) => mask | CERTIFICATE_BIT[cert], 0);
    this.sector[i] = SECTOR_LIST.indexOf(c.sector);
    this.type[i] = TYPE_LIST.indexOf(c.type);
    this.employerSectors[i] = c.employerSectors.reduce((mask, s) => mask | sectorBit(s), 0);
    this.tags[i] = tagMask(c.tags);
    this.experienceRaw[i] = experienceCeiling(c.experiences);
    this.paidJobRaw[i] = PAID_JOB_RAW[c.paidJobChance];
  }

  static query(profile: MatchProfile, period: Period, filter: { sectors?: Sector[]; types?: PlacementType[] }): ColumnQuery {
    const has = (c: StudentConstraint) => profile.constraints.includes(c);
    const held = profile.certificates.reduce((mask, cert) => mask | CERTIFICATE_BIT[cert], 0);
    return {
      from: dayNumber(period.from),
      to: dayNumber(period.to),
      audienceBit: AUDIENCE_BIT[profile.audience],
      supportRank: SUPPORT_RANK[profile.supportNeed],
      forbidden: (has(StudentConstraint.NO_WEEKENDS) ? FLAG.weekend : 0) | (has(StudentConstraint.NO_CUSTOMER_CONTACT) ? FLAG.customerContact : 0),
      required: (has(StudentConstraint.WHEELCHAIR) ? FLAG.wheelchair : 0) | (has(StudentConstraint.QUIET_WORKPLACE) ? FLAG.quiet : 0),
      missingCertificates: ~held & 0xff,
      qualifications: profile.qualifications,
      sectorFilter: filter.sectors?.length ? filter.sectors.reduce((mask, s) => mask | sectorBit(s), 0) : 0,
      typeFilter: filter.types?.length ? new Set(filter.types.map((t) => TYPE_LIST.indexOf(t))) : null,
    };
  }

  /** The filter (sectors, types) and every hard limit but the distance ones, which the scan checks first. */
  passes(i: number, q: ColumnQuery): boolean {
    if (q.sectorFilter && !(q.sectorFilter & (1 << this.sector[i]))) return false;
    if (q.typeFilter && !q.typeFilter.has(this.type[i])) return false;
    const status = this.status[i];
    if (status === 2 || (status === 1 && this.pausedUntil[i] >= q.from)) return false;
    if (!(this.audiences[i] & q.audienceBit)) return false;
    if (this.availableFrom[i] > q.from || this.availableUntil[i] < q.to) return false;
    const flags = this.flags[i];
    if (!(flags & FLAG.schoolSupervisor) && (this.supervision[i] < q.supportRank || !this.supervisorHasRoom(i, q))) return false;
    if (flags & q.forbidden || (flags & q.required) !== q.required) return false;
    if (this.certificates[i] & q.missingCertificates) return false;
    const required = this.requiredQualifications[i];
    if (required && missingQualifications(q.qualifications, required).length > 0) return false;
    let taken = 0;
    const { start, end } = this.claims;
    for (let k = this.claimAt[i], last = k + this.claimCount[i]; k < last; k++) if (start[k] <= q.to && end[k] >= q.from) taken++;
    return this.seats[i] - taken > 0;
  }

  /** site-supervision.ts's room over the columns: the site's able supervisors less their load in the period; true without recorded supervisors. */
  private supervisorHasRoom(i: number, q: ColumnQuery): boolean {
    const all = this.supervisorCapacity[i * 3];
    if (all <= 0) return true;
    let load = 0;
    const { start, end } = this.siteClaims;
    for (let k = this.siteClaimAt[i], last = k + this.siteClaimCount[i]; k < last; k++) if (start[k] <= q.to && end[k] >= q.from) load++;
    return Math.min(this.supervisorCapacity[i * 3 + q.supportRank - 1], all - load) > 0;
  }

  /** Whether any recognition is valid on `day` (a day number): recognition is judged at the period's start. */
  recognised(i: number, day: number): boolean {
    const { start, end } = this.recognitions;
    for (let k = this.recognitionAt[i], last = k + this.recognitionCount[i]; k < last; k++) if (start[k] <= day && end[k] >= day) return true;
    return false;
  }

  boris(i: number): boolean {
    return (this.flags[i] & FLAG.boris) !== 0;
  }

  allowance(i: number): boolean {
    return (this.flags[i] & FLAG.allowance) !== 0;
  }
}

/** An append-only pool of (start, end) day pairs in two growable Int32Arrays. */
class DayPairs {
  start = new Int32Array(64);
  end = new Int32Array(64);
  length = 0;

  push(start: number, end: number): void {
    if (this.length === this.start.length) {
      this.start = grown(this.start, this.length * 2);
      this.end = grown(this.end, this.length * 2);
    }
    this.start[this.length] = start;
    this.end[this.length++] = end;
  }
}
