import {
  Audience,
  Certificate,
  EmployerStatus,
  PaidJobChance,
  PlacementType,
  SUPPORT_RANK,
  Sector,
  StudentConstraint,
  VerifiableFlag,
  Weekday,
  holdsSeat,
  missingQualifications,
} from '@stagebank/domain';
import { ScoringContext, candidateStems, supervisionCeiling, tagMask, tasksRawOf } from './scoring';
import type { Qualification } from '@stagebank/domain';
import { verifiedFlags } from './flag-trust';
import { effectiveSupervisionLevel } from './site-supervision';
import { experienceCeiling, trackRecordCeiling } from './track-record';
import { Candidate, MatchProfile, Period } from './types';

const SECTOR_LIST = Object.values(Sector);
const TYPE_LIST = Object.values(PlacementType);
const AUDIENCE_BIT: Record<Audience, number> = { [Audience.PRO]: 1, [Audience.VSO]: 2, [Audience.PLP]: 4 };
const CERTIFICATE_BIT = Object.fromEntries(Object.values(Certificate).map((c, i) => [c, 1 << i])) as Record<Certificate, number>;
const STATUS_CODE: Record<EmployerStatus, number> = { [EmployerStatus.ACTIVE]: 0, [EmployerStatus.PAUSED]: 1, [EmployerStatus.STOPPED]: 2 };
const PAID_JOB_RAW: Record<PaidJobChance, number> = { [PaidJobChance.LIKELY]: 1, [PaidJobChance.POSSIBLE]: 0.5, [PaidJobChance.NONE]: 0 };
const NO_END = 2 ** 31 - 1;
const VERIFIED_BIT: Record<VerifiableFlag, number> = {
  [VerifiableFlag.WHEELCHAIR_ACCESS]: 1,
  [VerifiableFlag.AUDIENCE_SUITABILITY]: 2,
  [VerifiableFlag.SUPERVISION_TRAINING]: 4,
};
const verifiedMask = (flags: readonly VerifiableFlag[]): number => flags.reduce((mask, f) => mask | VERIFIED_BIT[f], 0);
const FLAG = { wheelchair: 1, weekend: 2, customerContact: 4, quiet: 8, schoolSupervisor: 16, trained: 32, boris: 64, allowance: 128 };
const WEEKDAY_BIT = Object.fromEntries(Object.values(Weekday).map((d, i) => [d, 1 << i])) as Record<Weekday, number>;
/** In the days column: the placement's days are not a plain set (a day listed twice), so the schedule is only bounded. */
const DAYS_UNKNOWN = 128;
/**
 * A period's verdicts per slot (CandidateColumns.periodVerdicts): 0 not yet judged; else KNOWN, with
 * OPEN when the period-only limits pass (stopped or paused employer, availability window, a free
 * seat) and ROOM << (rank - 1) when the site's supervisors have room at that support rank.
 */
const KNOWN = 1;
const OPEN = 2;
const ROOM = 4;
/** Periods whose verdicts are kept (a cohort plans one period; single matches mostly ask the default one). */
const PERIOD_VERDICTS_KEPT = 8;
const bitCount = (mask: number): number => {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n++;
  return n;
};

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
  /** Flags that must be verified to hold (VERIFIED_BIT); 0 when the filter asks none. */
  verifiedFilter: number;
  /** The student's available days as a bit mask (0: none given). */
  availableDays: number;
  /** The asking organisation's reservation code (CandidateColumns.organisationCode); 0 when it holds none. */
  organisation: number;
  /** The period's verdicts per slot, learned as the scan goes (CandidateColumns.periodVerdicts); null to judge afresh. */
  verdicts: Uint8Array | null;
}

/** A copy of `a` with room for `capacity` entries: how the columns and the candidate store grow (by half again when full). */
export const grown = <T extends Int32Array | Uint8Array | Float64Array>(a: T, capacity: number): T => {
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
  private verified = new Uint8Array(0);
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
  /** The most the track record can score here for any student (it counts per kind of student). */
  trackRecordRaw = new Float64Array(0);
  paidJobRaw = new Float64Array(0);
  /** The working days as a bit mask (0: none given; DAYS_UNKNOWN: not a plain set). */
  private days = new Uint8Array(0);
  /**
   * Per slot, which entry of `stemSets` holds the terms its title and tasks offer: hundreds of
   * thousands of placements repeat a few thousand texts, so a query matches interests once per text.
   */
  stemSet = new Int32Array(0);
  stemSets: Array<Set<string>> = [];
  private stemSetByText = new Map<string, number>();
  /** For each term, the stem sets that hold it: a query finds the texts its interests meet without testing every text. */
  private stemSetsWithTerm = new Map<string, number[]>();
  /** Per slot: where its seat-holding claims start in the pool, and how many. */
  private claimAt = new Int32Array(0);
  private claimCount = new Int32Array(0);
  /** Per slot: where its recognitions' validity spans start in the pool, and how many. */
  private recognitionAt = new Int32Array(0);
  private recognitionCount = new Int32Array(0);
  /** Per slot: where the seat-holding claims of its whole site (the supervisors' load) start in the pool, and how many. */
  private siteClaimAt = new Int32Array(0);
  private siteClaimCount = new Int32Array(0);
  private claims = new DayPairs();
  private siteClaims = new DayPairs();
  private recognitions = new DayPairs();
  /** Per slot: the reserving organisation's code (0: not reserved) and the last reserved day. */
  private reservedFor = new Int32Array(0);
  private reservedUntil = new Int32Array(0);
  /** Reserving organisations by id, numbered from 1, so a scan compares integers. */
  private readonly organisationCodes = new Map<string, number>();
  /**
   * Per period ("from:to" in day numbers), what the period-dependent limits say of each slot. Every
   * student of a cohort, and most single matches (from today for 90 days), ask the same period: the
   * seat claims, pauses, windows and the site's supervision load are then judged once per placement,
   * not once per student. `set` forgets a slot's verdicts; the oldest period goes past PERIOD_VERDICTS_KEPT.
   */
  private verdicts = new Map<string, Uint8Array>();
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
    this.eachSlotArray((a, width) => grown(a, capacity * width));
    for (const [period, verdicts] of this.verdicts) this.verdicts.set(period, grown(verdicts, capacity));
    this.capacity = capacity;
  }

  /**
   * The columns of the slots `order` names (old slot numbers, in their new order), with the pools
   * holding only what those slots use and the stem sets only the texts they offer. The index's
   * compaction moves every live placement to a new slot: moving its columns costs a copy, where
   * writing them again from each candidate took most of the compaction's seconds.
   */
  reordered(order: ArrayLike<number>): CandidateColumns {
    const n = order.length;
    const next = Object.assign(new CandidateColumns(), this);
    next.capacity = n;
    next.eachSlotArray((a, width) => {
      const b = new (a.constructor as new (n: number) => typeof a)(n * width);
      for (let k = 0; k < n; k++) for (let w = 0, from = order[k] * width, to = k * width; w < width; w++) b[to + w] = a[from + w];
      return b;
    });
    next.requiredQualifications = Array.from({ length: n }, (_, k) => this.requiredQualifications[order[k]]);
    next.verdicts = new Map();
    for (const [period, verdicts] of this.verdicts) {
      const moved = new Uint8Array(n);
      for (let k = 0; k < n; k++) moved[k] = verdicts[order[k]];
      next.verdicts.set(period, moved);
    }
    const pools = [
      ['claims', 'claimAt', 'claimCount'],
      ['recognitions', 'recognitionAt', 'recognitionCount'],
      ['siteClaims', 'siteClaimAt', 'siteClaimCount'],
    ] as const;
    for (const [pool, at, count] of pools) {
      const kept = new DayPairs();
      for (let k = 0; k < n; k++) {
        const from = this[at][order[k]];
        next[at][k] = kept.length;
        for (let e = from, last = from + this[count][order[k]]; e < last; e++) kept.push(this[pool].start[e], this[pool].end[e]);
      }
      next[pool] = kept;
    }
    // Texts no live slot offers any more are dropped, and the rest numbered anew in order of use.
    const renumber = new Int32Array(this.stemSets.length).fill(-1);
    next.stemSets = [];
    for (let k = 0; k < n; k++) {
      const old = next.stemSet[k];
      if (renumber[old] === -1) renumber[old] = next.stemSets.push(this.stemSets[old]) - 1;
      next.stemSet[k] = renumber[old];
    }
    next.stemSetByText = new Map();
    for (const [text, old] of this.stemSetByText) if (renumber[old] !== -1) next.stemSetByText.set(text, renumber[old]);
    next.stemSetsWithTerm = new Map();
    next.stemSets.forEach((terms, set) => next.indexTerms(terms, set));
    return next;
  }

  /** Replaces each array that holds `width` entries per slot with what `f` makes of it. */
  private eachSlotArray(f: <T extends Int32Array | Uint8Array | Float64Array>(a: T, width: number) => T): void {
    this.latitude = f(this.latitude, 1);
    this.longitude = f(this.longitude, 1);
    this.status = f(this.status, 1);
    this.pausedUntil = f(this.pausedUntil, 1);
    this.audiences = f(this.audiences, 1);
    this.verified = f(this.verified, 1);
    this.availableFrom = f(this.availableFrom, 1);
    this.availableUntil = f(this.availableUntil, 1);
    this.seats = f(this.seats, 1);
    this.supervision = f(this.supervision, 1);
    this.flags = f(this.flags, 1);
    this.certificates = f(this.certificates, 1);
    this.supervisorCapacity = f(this.supervisorCapacity, 3);
    this.siteClaimAt = f(this.siteClaimAt, 1);
    this.siteClaimCount = f(this.siteClaimCount, 1);
    this.sector = f(this.sector, 1);
    this.type = f(this.type, 1);
    this.employerSectors = f(this.employerSectors, 1);
    this.tags = f(this.tags, 1);
    this.experienceRaw = f(this.experienceRaw, 1);
    this.trackRecordRaw = f(this.trackRecordRaw, 1);
    this.paidJobRaw = f(this.paidJobRaw, 1);
    this.days = f(this.days, 1);
    this.stemSet = f(this.stemSet, 1);
    this.claimAt = f(this.claimAt, 1);
    this.claimCount = f(this.claimCount, 1);
    this.recognitionAt = f(this.recognitionAt, 1);
    this.recognitionCount = f(this.recognitionCount, 1);
    this.reservedFor = f(this.reservedFor, 1);
    this.reservedUntil = f(this.reservedUntil, 1);
  }

  /** Writes one candidate's fields into slot i (which `reserve` made room for). */
  set(i: number, c: Candidate): void {
    for (const verdicts of this.verdicts.values()) verdicts[i] = 0;
    this.latitude[i] = c.location.latitude;
    this.longitude[i] = c.location.longitude;
    this.status[i] = STATUS_CODE[c.employerStatus];
    this.pausedUntil[i] = c.pausedUntil === null ? -NO_END : dayNumber(c.pausedUntil);
    this.audiences[i] = c.audiences.reduce((mask, a) => mask | AUDIENCE_BIT[a], 0);
    this.verified[i] = verifiedMask(verifiedFlags(c));
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
      (c.trainedSupervisors > 0 ? FLAG.trained : 0) |
      (c.borisFlag ? FLAG.boris : 0) |
      (c.allowancePaid ? FLAG.allowance : 0);
    this.certificates[i] = c.requiredCertificates.reduce((mask, cert) => mask | CERTIFICATE_BIT[cert], 0);
    this.sector[i] = SECTOR_LIST.indexOf(c.sector);
    this.type[i] = TYPE_LIST.indexOf(c.type);
    this.employerSectors[i] = c.employerSectors.reduce((mask, s) => mask | sectorBit(s), 0);
    this.tags[i] = tagMask(c.tags);
    this.experienceRaw[i] = experienceCeiling(c.experiences);
    this.trackRecordRaw[i] = trackRecordCeiling(c.trackRecord);
    this.paidJobRaw[i] = PAID_JOB_RAW[c.paidJobChance];
    const days = c.days.reduce((mask, d) => mask | WEEKDAY_BIT[d], 0);
    this.days[i] = bitCount(days) === c.days.length ? days : DAYS_UNKNOWN;
    const text = c.tasks.length ? `${c.title}\n${c.tasks.join('\n')}` : c.title;
    let stems = this.stemSetByText.get(text);
    if (stems === undefined) {
      const terms = candidateStems(c);
      stems = this.stemSets.push(terms) - 1;
      this.stemSetByText.set(text, stems);
      this.indexTerms(terms, stems);
    }
    this.stemSet[i] = stems;
    const reservation = c.reservation ?? null;
    this.reservedFor[i] = reservation ? this.codeOf(reservation.organisationId) : 0;
    this.reservedUntil[i] = reservation ? dayNumber(reservation.until) : 0;
  }

  /** Lists stem set `set` under each of its terms. */
  private indexTerms(terms: Set<string>, set: number): void {
    for (const term of terms) {
      const sets = this.stemSetsWithTerm.get(term);
      if (sets) sets.push(set);
      else this.stemSetsWithTerm.set(term, [set]);
    }
  }

  /** scoring.ts's tasks criterion for every stem set (by its number), through the term lists. */
  tasksRawByStemSet(x: ScoringContext): Float64Array {
    const n = this.stemSets.length;
    const matched = new Uint8Array(n);
    const lastInterest = new Int32Array(n).fill(-1);
    x.interestStems.forEach((terms, interest) => {
      for (const term of terms)
        for (const set of this.stemSetsWithTerm.get(term) ?? []) {
          if (lastInterest[set] === interest) continue; // an interest counts once, however many of its terms meet
          lastInterest[set] = interest;
          matched[set]++;
        }
    });
    const raws = new Float64Array(n);
    for (let set = 0; set < n; set++) raws[set] = tasksRawOf(x, matched[set]);
    return raws;
  }

  /** scoring.ts's schedule fit over the columns: exact, or 1 where the days are not a plain set. */
  scheduleRaw(i: number, q: ColumnQuery): number {
    const days = this.days[i];
    if (days === 0 || q.availableDays === 0) return 0.5;
    if (days === DAYS_UNKNOWN) return 1;
    return bitCount(days & q.availableDays) / bitCount(days);
  }

  /** scoring.ts's supervision criterion at most: exact but for the headroom in the period. */
  supervisionRaw(i: number, q: ColumnQuery): number {
    return supervisionCeiling(this.supervision[i], q.supportRank, (this.flags[i] & FLAG.trained) !== 0);
  }

  /** The code of an organisation that holds reservations; 0 for one that holds none here. */
  organisationCode(organisationId: string | null | undefined): number {
    return (organisationId && this.organisationCodes.get(organisationId)) || 0;
  }

  private codeOf(organisationId: string): number {
    let code = this.organisationCodes.get(organisationId);
    if (code === undefined) this.organisationCodes.set(organisationId, (code = this.organisationCodes.size + 1));
    return code;
  }

  query(profile: MatchProfile, period: Period, filter: { sectors?: Sector[]; types?: PlacementType[]; verified?: VerifiableFlag[] }): ColumnQuery {
    const q = CandidateColumns.query(profile, period, filter, this.organisationCode(profile.organisationId));
    q.verdicts = this.periodVerdicts(q.from, q.to);
    return q;
  }

  /** The verdicts of the period from–to (day numbers), kept across queries until a slot changes. */
  private periodVerdicts(from: number, to: number): Uint8Array {
    const key = `${from}:${to}`;
    let verdicts = this.verdicts.get(key);
    if (verdicts) {
      // Most recently used last, so the oldest is dropped first.
      this.verdicts.delete(key);
    } else {
      verdicts = new Uint8Array(this.capacity);
      if (this.verdicts.size >= PERIOD_VERDICTS_KEPT) this.verdicts.delete(this.verdicts.keys().next().value!);
    }
    this.verdicts.set(key, verdicts);
    return verdicts;
  }

  static query(
    profile: MatchProfile,
    period: Period,
    filter: { sectors?: Sector[]; types?: PlacementType[]; verified?: VerifiableFlag[] },
    organisation = 0,
  ): ColumnQuery {
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
      verifiedFilter: verifiedMask(filter.verified ?? []),
      availableDays: profile.availableDays.reduce((mask, d) => mask | WEEKDAY_BIT[d], 0),
      organisation,
      verdicts: null,
    };
  }

  /** The filter (sectors, types, verified flags) and every hard limit but the distance ones, which the scan checks first. */
  passes(i: number, q: ColumnQuery): boolean {
    if (q.sectorFilter && !(q.sectorFilter & (1 << this.sector[i]))) return false;
    if (q.typeFilter && !q.typeFilter.has(this.type[i])) return false;
    if ((this.verified[i] & q.verifiedFilter) !== q.verifiedFilter) return false;
    // Reserved for another organisation through the period's start (hard-limits.ts RESERVED).
    if (this.reservedFor[i] !== 0 && this.reservedFor[i] !== q.organisation && this.reservedUntil[i] >= q.from) return false;
    let verdict = q.verdicts ? q.verdicts[i] : 0;
    if (verdict === 0) {
      verdict = this.judgePeriod(i, q.from, q.to);
      if (q.verdicts) q.verdicts[i] = verdict;
    }
    if (!(verdict & OPEN)) return false;
    if (!(this.audiences[i] & q.audienceBit)) return false;
    const flags = this.flags[i];
    if (!(flags & FLAG.schoolSupervisor) && (this.supervision[i] < q.supportRank || !(verdict & (ROOM << (q.supportRank - 1))))) return false;
    if (flags & q.forbidden || (flags & q.required) !== q.required) return false;
    if (this.certificates[i] & q.missingCertificates) return false;
    const required = this.requiredQualifications[i];
    return !required || missingQualifications(q.qualifications, required).length === 0;
  }

  /**
   * What the period from–to (day numbers) says of slot i, whoever asks: OPEN when the employer is
   * neither stopped nor paused at its start, the placement is available all through it and a seat is
   * free in it; ROOM bits per support rank where the site's supervisors have room in it.
   */
  private judgePeriod(i: number, from: number, to: number): number {
    let verdict = KNOWN;
    const status = this.status[i];
    const open = status !== 2 && !(status === 1 && this.pausedUntil[i] >= from) && this.availableFrom[i] <= from && this.availableUntil[i] >= to;
    if (open) {
      let taken = 0;
      const { start, end } = this.claims;
      for (let k = this.claimAt[i], last = k + this.claimCount[i]; k < last; k++) if (start[k] <= to && end[k] >= from) taken++;
      if (this.seats[i] - taken > 0) verdict |= OPEN;
    }
    for (let rank = 1; rank <= 3; rank++) if (this.supervisorHasRoom(i, rank, from, to)) verdict |= ROOM << (rank - 1);
    return verdict;
  }

  /** site-supervision.ts's room over the columns: the site's able supervisors less their load in the period; true without recorded supervisors. */
  private supervisorHasRoom(i: number, rank: number, from: number, to: number): boolean {
    const all = this.supervisorCapacity[i * 3];
    if (all <= 0) return true;
    let load = 0;
    const { start, end } = this.siteClaims;
    for (let k = this.siteClaimAt[i], last = k + this.siteClaimCount[i]; k < last; k++) if (start[k] <= to && end[k] >= from) load++;
    return Math.min(this.supervisorCapacity[i * 3 + rank - 1], all - load) > 0;
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
