/** Kinds of organisation in the network. */
export enum OrganisationKind {
  /** Praktijkonderwijs school. */
  PRO_SCHOOL = 'PRO_SCHOOL',
  /** Voortgezet speciaal onderwijs school (clusters 3 and 4). */
  VSO_SCHOOL = 'VSO_SCHOOL',
  /** Praktijkleren Plus initiative guiding vulnerable adults. */
  PLP_INITIATIVE = 'PLP_INITIATIVE',
  /** Samenwerkingsorganisatie Beroepsonderwijs Bedrijfsleven. */
  SBB = 'SBB',
  /** Municipality, Werkgeversservicepunt or UWV. */
  MUNICIPALITY = 'MUNICIPALITY',
  OTHER = 'OTHER',
}

/** Organisations that enrol students and therefore own student profiles. */
export const ENROLLING_KINDS: ReadonlySet<OrganisationKind> = new Set([
  OrganisationKind.PRO_SCHOOL,
  OrganisationKind.VSO_SCHOOL,
  OrganisationKind.PLP_INITIATIVE,
]);

export enum MembershipRole {
  COORDINATOR = 'COORDINATOR',
  COACH = 'COACH',
  SCHOOL_ADMIN = 'SCHOOL_ADMIN',
  SBB_ADVISER = 'SBB_ADVISER',
  NETWORK_ADMIN = 'NETWORK_ADMIN',
  API_CLIENT = 'API_CLIENT',
}

/** What an API key may do: only read, or also change the shared network data. */
export enum ApiKeyScope {
  READ = 'READ',
  READ_WRITE = 'READ_WRITE',
}

/** Werkgever / leerbedrijf kinds. */
export enum EmployerKind {
  REGULAR = 'REGULAR',
  /** Beschut werk / sw-bedrijf. */
  SHELTERED_WORKSHOP = 'SHELTERED_WORKSHOP',
  /** Dagbesteding. */
  DAY_ACTIVITY_CENTRE = 'DAY_ACTIVITY_CENTRE',
  /** Leerwerkbedrijf. */
  LEARNING_WORK_COMPANY = 'LEARNING_WORK_COMPANY',
  /** The school's own learning centre. */
  SCHOOL_LEARNING_CENTRE = 'SCHOOL_LEARNING_CENTRE',
}

/** Small < 50, medium 50–250, large > 250 employees. */
export enum SizeClass {
  SMALL = 'SMALL',
  MEDIUM = 'MEDIUM',
  LARGE = 'LARGE',
}

export enum EmployerStatus {
  ACTIVE = 'ACTIVE',
  /** Temporarily no new placements, until a date. */
  PAUSED = 'PAUSED',
  /** No longer takes students. */
  STOPPED = 'STOPPED',
}

/** Stageplek / leerwerkplek types. */
export enum PlacementType {
  /** Snuffelstage, e.g. 6 weeks × 1 day. */
  TASTER = 'TASTER',
  /** Regular stage, e.g. 3 days a week for a school year. */
  STAGE = 'STAGE',
  /** Groepsstage of 5–10 students with a supervisor from the school. */
  GROUP_STAGE = 'GROUP_STAGE',
  LEARNING_WORK_PLACE = 'LEARNING_WORK_PLACE',
  /** Praktijkleren toward a praktijkverklaring. */
  PRAKTIJKLEREN = 'PRAKTIJKLEREN',
  DAY_ACTIVITY = 'DAY_ACTIVITY',
  SHELTERED_WORK = 'SHELTERED_WORK',
  PAID_JOB = 'PAID_JOB',
}

/** Who a placement is open to. */
export enum Audience {
  PRO = 'PRO',
  VSO = 'VSO',
  PLP = 'PLP',
}

/** The audience an enrolling organisation's students belong to. */
export const AUDIENCE_OF_KIND: Partial<Record<OrganisationKind, Audience>> = {
  [OrganisationKind.PRO_SCHOOL]: Audience.PRO,
  [OrganisationKind.VSO_SCHOOL]: Audience.VSO,
  [OrganisationKind.PLP_INITIATIVE]: Audience.PLP,
};

/**
 * Begeleidingsbehoefte of a student and the supervision intensity a supervisor or
 * placement offers, on one ordinal scale so they can be compared.
 */
export enum SupportLevel {
  LIGHT = 'LIGHT',
  MODERATE = 'MODERATE',
  INTENSIVE = 'INTENSIVE',
}

export const SUPPORT_RANK: Record<SupportLevel, number> = {
  [SupportLevel.LIGHT]: 1,
  [SupportLevel.MODERATE]: 2,
  [SupportLevel.INTENSIVE]: 3,
};

export enum SupervisorRole {
  /** Leermeester: trained or certified workplace trainer. */
  WORKPLACE_TRAINER = 'WORKPLACE_TRAINER',
  /** Werkbegeleider: a colleague who supervises. */
  WORK_SUPERVISOR = 'WORK_SUPERVISOR',
  JOB_COACH = 'JOB_COACH',
}

export enum Demand {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}

/** Chance of a paid job afterwards (doorstroom). */
export enum PaidJobChance {
  NONE = 'NONE',
  POSSIBLE = 'POSSIBLE',
  LIKELY = 'LIKELY',
}

export enum Weekday {
  MON = 'MON',
  TUE = 'TUE',
  WED = 'WED',
  THU = 'THU',
  FRI = 'FRI',
  SAT = 'SAT',
  SUN = 'SUN',
}

export enum Certificate {
  VCA = 'VCA',
  BHV = 'BHV',
  EHBO = 'EHBO',
  BASIC_CLEANING = 'BASIC_CLEANING',
  HACCP = 'HACCP',
  FORKLIFT = 'FORKLIFT',
  DRIVING_LICENCE_B = 'DRIVING_LICENCE_B',
}

export enum InternshipStatus {
  PROPOSED = 'PROPOSED',
  AGREED = 'AGREED',
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  COMPLETED = 'COMPLETED',
  ENDED_EARLY = 'ENDED_EARLY',
  CANCELLED = 'CANCELLED',
  /** A proposal nobody confirmed before its hold ran out: the seat was released by the hold sweep. */
  EXPIRED = 'EXPIRED',
}

/** Internships in these states hold a seat for their period (a paused one keeps its seat). */
export const OCCUPYING_STATUSES: readonly InternshipStatus[] = [
  InternshipStatus.PROPOSED,
  InternshipStatus.AGREED,
  InternshipStatus.ACTIVE,
  InternshipStatus.PAUSED,
];

/**
 * Internships that took place (or are taking place): a placed student. Not the same as holding a
 * seat (OCCUPYING_STATUSES): a proposal holds one but places nobody yet; a completed or early-ended
 * internship holds none any more but did place the student. Proposals that never became one,
 * cancelled ones and expired holds have no outcome to record and count in no statistic.
 */
export const TOOK_PLACE_STATUSES: readonly InternshipStatus[] = [
  InternshipStatus.AGREED,
  InternshipStatus.ACTIVE,
  InternshipStatus.PAUSED,
  InternshipStatus.COMPLETED,
  InternshipStatus.ENDED_EARLY,
];

export enum TravelMode {
  WALK = 'WALK',
  BIKE = 'BIKE',
  E_BIKE = 'E_BIKE',
  PUBLIC_TRANSPORT = 'PUBLIC_TRANSPORT',
  /** Leerlingenvervoer. */
  TAXI = 'TAXI',
  CAR = 'CAR',
}

/** Hard constraints a student profile can carry. */
export enum StudentConstraint {
  NO_WEEKENDS = 'NO_WEEKENDS',
  NO_CUSTOMER_CONTACT = 'NO_CUSTOMER_CONTACT',
  QUIET_WORKPLACE = 'QUIET_WORKPLACE',
  WHEELCHAIR = 'WHEELCHAIR',
}

/** Uitstroomprofiel. */
export enum ExitProfile {
  DAY_ACTIVITY = 'DAY_ACTIVITY',
  SHELTERED_WORK = 'SHELTERED_WORK',
  LABOUR_MARKET = 'LABOUR_MARKET',
  FURTHER_EDUCATION = 'FURTHER_EDUCATION',
}

/** How an approach of an employer ended (endEmployerApproach). */
export enum ApproachOutcome {
  PLACEMENT_AGREED = 'PLACEMENT_AGREED',
  NO_CAPACITY_NOW = 'NO_CAPACITY_NOW',
  /** Busy until a date: a proposal to pause the employer until then. */
  BUSY_UNTIL = 'BUSY_UNTIL',
  NOT_SUITABLE = 'NOT_SUITABLE',
  NO_ANSWER = 'NO_ANSWER',
  OTHER = 'OTHER',
}

/** Whether an employer means to host students in a school year (asked by coordinators, or told through the employer's own link). */
export enum HostingInterest {
  ACTIVELY_LOOKING = 'ACTIVELY_LOOKING',
  INTERESTED = 'INTERESTED',
  NOT_THIS_YEAR = 'NOT_THIS_YEAR',
  /** Has students already, through another school or route. */
  HAS_STUDENTS_ELSEWHERE = 'HAS_STUDENTS_ELSEWHERE',
}

/** Why an employer does not host (NOT_THIS_YEAR or HAS_STUDENTS_ELSEWHERE). */
export enum NotHostingReason {
  NO_SUPERVISOR = 'NO_SUPERVISOR',
  TOO_BUSY = 'TOO_BUSY',
  NO_SUITABLE_WORK = 'NO_SUITABLE_WORK',
  REORGANISATION = 'REORGANISATION',
  BAD_EXPERIENCE = 'BAD_EXPERIENCE',
  ENOUGH_STUDENTS = 'ENOUGH_STUDENTS',
  OTHER = 'OTHER',
}

/** Hosting interests that mean "not hosting (our students)": only these carry reasons. */
export const NOT_HOSTING: readonly HostingInterest[] = [HostingInterest.NOT_THIS_YEAR, HostingInterest.HAS_STUDENTS_ELSEWHERE];

/** How an employer answered through its own link. */
export enum LinkAnswer {
  /** Confirmed the listing as it stood. */
  CONFIRMED = 'CONFIRMED',
  /** Corrected something, then confirmed. */
  CORRECTED = 'CORRECTED',
  /** Not this year: paused, to be asked again later. */
  PAUSED = 'PAUSED',
}

/** The flags whose truth a coach can check on a visit: until then they are only what the employer (or an import) declared. */
export enum VerifiableFlag {
  /** The site is wheelchair accessible (rolstoeltoegankelijk). */
  WHEELCHAIR_ACCESS = 'WHEELCHAIR_ACCESS',
  /** The placement suits the audiences it is open to (PrO, VSO, PLP). */
  AUDIENCE_SUITABILITY = 'AUDIENCE_SUITABILITY',
  /** A supervisor has followed a workplace-trainer training (leermeester). */
  SUPERVISION_TRAINING = 'SUPERVISION_TRAINING',
}

/** Where a flag's value comes from: declared by the employer or an import, or verified by a coach who visited. */
export enum FlagSource {
  DECLARED = 'DECLARED',
  VERIFIED = 'VERIFIED',
}
