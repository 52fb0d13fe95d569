import type {
  Audience,
  Certificate,
  EmployerKind,
  EmployerStatus,
  ExitProfile,
  PaidJobChance,
  PlacementType,
  Sector,
  SeatClaim,
  SubSector,
  StudentConstraint,
  SupportLevel,
  TravelMode,
  Weekday,
} from '@stagebank/domain';
import type { Qualification } from '@stagebank/domain';
import type { FlagNote } from './flag-trust';
import type { ExperienceCell, TrackRecordCell } from './track-record';

/** What matching needs to know about a student (or an unsaved profile). */
export interface MatchProfile {
  audience: Audience;
  home: { latitude: number; longitude: number };
  travelMode: TravelMode;
  maxTravelKm: number;
  maxTravelMinutes: number | null;
  /** Ranked, favourite first. */
  sectorPreferences: Sector[];
  interests: string[];
  supportNeed: SupportLevel;
  constraints: StudentConstraint[];
  certificates: Certificate[];
  finalYear: boolean;
  /** A praktijkverklaring is the goal when set. */
  targetCrebo: string | null;
  /** The werkprocessen of the target crebo the student works toward. */
  targetWerkprocessen: string[];
  availableDays: Weekday[];
  /** Diplomas held (not certificates). */
  qualifications: Qualification[];
  /** Uitstroomprofiel; null when not yet set. */
  exitProfile: ExitProfile | null;
  /** The school or initiative asking (the student's): a placement reserved for it is offered to it. */
  organisationId?: string | null;
}

/** The period the student would start and stay, ISO days, inclusive. */
export interface Period {
  from: string;
  to: string;
}

/** One SBB recognition (erkenning): the crebo qualifications it covers and when it is valid, ISO days inclusive. */
export interface RecognitionSpan {
  crebos: string[];
  validFrom: string;
  validUntil: string | null;
}

/** The crebo codes recognised on `day`: a recognition counts at the start of the period asked about, not when the index was built. */
export function crebosValidOn(c: Pick<Candidate, 'recognitions'>, day: string): string[] {
  const crebos = new Set<string>();
  for (const r of c.recognitions) if (r.validFrom <= day && (r.validUntil === null || r.validUntil >= day)) for (const crebo of r.crebos) crebos.add(crebo);
  return [...crebos];
}

/**
 * A placement held for the school or initiative that recruited its employer, up to and including
 * `until`: for a period starting after that day it is open to all.
 */
export interface Reservation {
  organisationId: string;
  organisationName: string;
  until: string;
}

/** The reservation that holds for a period starting on `day`, or null. */
export const reservationOn = (c: Pick<Candidate, 'reservation'>, day: string): Reservation | null =>
  c.reservation && c.reservation.until >= day ? c.reservation : null;

/** One placement with everything matching weighs, already joined. */
export interface Candidate {
  placementId: string;
  employerId: string;
  siteId: string;
  title: string;
  tasks: string[];
  sector: Sector;
  employerSectors: Sector[];
  /** Sub-sector tags of the placement and its employer together (a garden centre, a care home's restaurant): close alternatives. */
  tags: SubSector[];
  employerKind: EmployerKind;
  type: PlacementType;
  seats: number;
  claims: SeatClaim[];
  days: Weekday[];
  weekendWork: boolean;
  customerContact: boolean;
  quietWorkplace: boolean;
  wheelchairAccessible: boolean;
  /** The day a coach who visited verified wheelchairAccessible; null while it is only declared (by the employer or an import). */
  wheelchairVerifiedOn: string | null;
  requiredCertificates: Certificate[];
  /** Diplomas a student must hold (a care diploma for care work); certificates are separate. */
  requiredQualifications: Qualification[];
  /** The crebo the placement works toward and the werkprocessen that can be learned here. */
  crebo: string | null;
  werkprocessen: string[];
  audiences: Audience[];
  /** The day a coach who visited verified that the placement suits its audiences; null while only declared. */
  audiencesVerifiedOn: string | null;
  supervisionLevel: SupportLevel;
  schoolSupervisorRequired: boolean;
  allowancePaid: boolean;
  paidJobChance: PaidJobChance;
  availableFrom: string;
  availableUntil: string | null;
  employerStatus: EmployerStatus;
  pausedUntil: string | null;
  /** The employer's SBB recognitions (not withdrawn), each judged at the requested period's start. */
  recognitions: RecognitionSpan[];
  borisFlag: boolean;
  /** Students the site's supervisors can guide at once, and how many of them are trained. */
  supervisionCapacity: number;
  trainedSupervisors: number;
  /** Of the trained supervisors, those whose training a coach who visited verified. */
  verifiedTrainedSupervisors: number;
  /**
   * Per support level (LIGHT, MODERATE, INTENSIVE): how many students the site's supervisors who can
   * give at least that intensity can guide at once. All zero when the site records no supervisors.
   */
  supervisorCapacity: [number, number, number];
  /** Seat claims of every placement at the site: the supervisors' load. */
  siteClaims: SeatClaim[];
  /** Finished internships at this employer, by the students' audience and support need. */
  trackRecord: TrackRecordCell[];
  /** Schools' experiences with this employer (ratings 1–5), by the school's audience and the student's support need. */
  experiences: ExperienceCell[];
  location: { latitude: number; longitude: number };
  /** Held for one school or initiative until a day; absent or null: open to all. */
  reservation?: Reservation | null;
}

export enum Criterion {
  SECTOR = 'SECTOR',
  TASKS = 'TASKS',
  TRAVEL = 'TRAVEL',
  SUPERVISION = 'SUPERVISION',
  EXPERIENCE = 'EXPERIENCE',
  RECOGNITION = 'RECOGNITION',
  PAID_JOB = 'PAID_JOB',
  SCHEDULE = 'SCHEDULE',
  ALLOWANCE = 'ALLOWANCE',
  EXIT_PROFILE = 'EXIT_PROFILE',
  TRACK_RECORD = 'TRACK_RECORD',
}

export type Weights = Record<Criterion, number>;

export enum HardLimit {
  EMPLOYER_STOPPED = 'EMPLOYER_STOPPED',
  EMPLOYER_PAUSED = 'EMPLOYER_PAUSED',
  AUDIENCE = 'AUDIENCE',
  NOT_AVAILABLE = 'NOT_AVAILABLE',
  NO_FREE_SEAT = 'NO_FREE_SEAT',
  TOO_FAR = 'TOO_FAR',
  TRAVEL_TOO_LONG = 'TRAVEL_TOO_LONG',
  SUPERVISION = 'SUPERVISION',
  WHEELCHAIR = 'WHEELCHAIR',
  WEEKEND = 'WEEKEND',
  CUSTOMER_CONTACT = 'CUSTOMER_CONTACT',
  QUIET_WORKPLACE = 'QUIET_WORKPLACE',
  CERTIFICATES = 'CERTIFICATES',
  QUALIFICATIONS = 'QUALIFICATIONS',
  RESERVED = 'RESERVED',
}

export interface Sentence {
  nl: string;
  en: string;
}

export interface Exclusion extends Sentence {
  limit: HardLimit;
}

export interface ScoreLine extends Sentence {
  criterion: Criterion;
  /** The weight as configured (before normalisation). */
  weight: number;
  /** How well this criterion is met, 0–1. */
  raw: number;
  /** This criterion's share of the 0–100 score; the lines add up to the score. */
  points: number;
}

export interface Match {
  candidate: Candidate;
  distanceKm: number;
  travelMinutes: number;
  score: number;
  breakdown: ScoreLine[];
  /** Whether the flags this match relies on were verified on a visit or only declared. */
  flagNotes: FlagNote[];
  /** What a coordinator should know beside the score (the placement is reserved for their organisation). */
  notes: Sentence[];
}

/** A placement as judged for one student: either excluded (with every reason) or scored. */
export type Assessment = { excluded: true; exclusions: Exclusion[]; distanceKm: number; travelMinutes: number } | ({ excluded: false } & Match);
