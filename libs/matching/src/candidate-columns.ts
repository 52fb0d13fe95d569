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
} from '@stagebank/domain';
import { Candidate, MatchProfile, Period } from './types';

const SECTOR_LIST = Object.values(Sector);
const TYPE_LIST = Object.values(PlacementType);
const AUDIENCE_BIT: Record<Audience, number> = { [Audience.PRO]: 1, [Audience.VSO]: 2, [Audience.PLP]: 4 };
const CERTIFICATE_BIT = Object.fromEntries(Object.values(Certificate).map((c, i) => [c, 1 << i])) as Record<Certificate, number>;
const STATUS_CODE: Record<EmployerStatus, number> = { [EmployerStatus.ACTIVE]: 0, [EmployerStatus.PAUSED]: 1, [EmployerStatus.STOPPED]: 2 };
const PAID_JOB_RAW: Record<PaidJobChance, number> = { [PaidJobChance.LIKELY]: 1, [PaidJobChance.POSSIBLE]: 0.5, [PaidJobChance.NONE]: 0 };
const NO_END = 2 ** 31 - 1;
const FLAG = { wheelchair: 1, weekend: 2, customerContact: 4, quiet: 8, schoolSupervisor: 16, recognised: 32, boris: 64, allowance: 128 };

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
  sectorFilter: number;
  typeFilter: Set<number> | null;
}

/**
 * The candidates' fields that every radius scan reads, as typed arrays in one order, so a scan
 * walks contiguous memory instead of hundreds of thousands of scattered objects. `passes` is the
 * hard-limit rule list (hard-limits.ts) restated over these columns; the property tests hold the two equal.
 */
export class CandidateColumns {
  readonly latitude: Float64Array;
  readonly longitude: Float64Array;
  private readonly status: Uint8Array;
  private readonly pausedUntil: Int32Array;
  private readonly audiences: Uint8Array;
  private readonly availableFrom: Int32Array;
  private readonly availableUntil: Int32Array;
  private readonly seats: Int32Array;
  private readonly claimOffset: Int32Array;
  private readonly claimStart: Int32Array;
  private readonly claimEnd: Int32Array;
  private readonly supervision: Uint8Array;
  private readonly flags: Uint8Array;
  private readonly certificates: Uint8Array;
  readonly sector: Uint8Array;
  readonly type: Uint8Array;
  readonly employerSectors: Int32Array;
  readonly experienceRaw: Float64Array;
  readonly paidJobRaw: Float64Array;

  constructor(candidates: Candidate[]) {
    const n = candidates.length;
    this.latitude = new Float64Array(n);
    this.longitude = new Float64Array(n);
    this.status = new Uint8Array(n);
    this.pausedUntil = new Int32Array(n);
    this.audiences = new Uint8Array(n);
    this.availableFrom = new Int32Array(n);
    this.availableUntil = new Int32Array(n);
    this.seats = new Int32Array(n);
    this.claimOffset = new Int32Array(n + 1);
    this.supervision = new Uint8Array(n);
    this.flags = new Uint8Array(n);
    this.certificates = new Uint8Array(n);
    this.sector = new Uint8Array(n);
    this.type = new Uint8Array(n);
    this.employerSectors = new Int32Array(n);
    this.experienceRaw = new Float64Array(n);
    this.paidJobRaw = new Float64Array(n);
    const starts: number[] = [];
    const ends: number[] = [];
    candidates.forEach((c, i) => {
      this.latitude[i] = c.location.latitude;
      this.longitude[i] = c.location.longitude;
      this.status[i] = STATUS_CODE[c.employerStatus];
      this.pausedUntil[i] = c.pausedUntil === null ? -NO_END : dayNumber(c.pausedUntil);
      this.audiences[i] = c.audiences.reduce((mask, a) => mask | AUDIENCE_BIT[a], 0);
      this.availableFrom[i] = dayNumber(c.availableFrom);
      this.availableUntil[i] = c.availableUntil === null ? NO_END : dayNumber(c.availableUntil);
      this.seats[i] = c.seats;
      this.claimOffset[i] = starts.length;
      for (const claim of c.claims) {
        if (!holdsSeat(claim)) continue;
        starts.push(dayNumber(claim.startDate));
        ends.push(dayNumber(claim.endDate));
      }
      this.supervision[i] = SUPPORT_RANK[c.supervisionLevel];
      this.flags[i] =
        (c.wheelchairAccessible ? FLAG.wheelchair : 0) |
        (c.weekendWork ? FLAG.weekend : 0) |
        (c.customerContact ? FLAG.customerContact : 0) |
        (c.quietWorkplace ? FLAG.quiet : 0) |
        (c.schoolSupervisorRequired ? FLAG.schoolSupervisor : 0) |
        (c.recognisedCrebos.length > 0 ? FLAG.recognised : 0) |
        (c.borisFlag ? FLAG.boris : 0) |
        (c.allowancePaid ? FLAG.allowance : 0);
      this.certificates[i] = c.requiredCertificates.reduce((mask, cert) => mask | CERTIFICATE_BIT[cert], 0);
      this.sector[i] = SECTOR_LIST.indexOf(c.sector);
      this.type[i] = TYPE_LIST.indexOf(c.type);
      this.employerSectors[i] = c.employerSectors.reduce((mask, s) => mask | sectorBit(s), 0);
      this.experienceRaw[i] = c.experience ? Math.min(1, Math.max(0, (c.experience.mean - 1) / 4)) : 0.5;
      this.paidJobRaw[i] = PAID_JOB_RAW[c.paidJobChance];
    });
    this.claimOffset[n] = starts.length;
    this.claimStart = Int32Array.from(starts);
    this.claimEnd = Int32Array.from(ends);
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
    if (this.supervision[i] < q.supportRank && !(flags & FLAG.schoolSupervisor)) return false;
    if (flags & q.forbidden || (flags & q.required) !== q.required) return false;
    if (this.certificates[i] & q.missingCertificates) return false;
    let taken = 0;
    for (let k = this.claimOffset[i]; k < this.claimOffset[i + 1]; k++) if (this.claimStart[k] <= q.to && this.claimEnd[k] >= q.from) taken++;
    return this.seats[i] - taken > 0;
  }

  recognised(i: number): boolean {
    return (this.flags[i] & FLAG.recognised) !== 0;
  }

  boris(i: number): boolean {
    return (this.flags[i] & FLAG.boris) !== 0;
  }

  allowance(i: number): boolean {
    return (this.flags[i] & FLAG.allowance) !== 0;
  }
}
