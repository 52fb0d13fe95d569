import {
  ApproachOutcome,
  Audience,
  AwardKind,
  Certificate,
  Destination,
  EarlyEndReason,
  EmployerKind,
  EmployerStatus,
  ExitProfile,
  HostingInterest,
  InternshipStatus,
  LabourMarketRegion,
  LinkAnswer,
  NotHostingReason,
  OrganisationKind,
  PlacementType,
  REGION_NAMES,
  SECTORS,
  SUB_SECTORS,
  Sector,
  SizeClass,
  StudentConstraint,
  SubSector,
  SupervisorRole,
  SupportLevel,
  TravelMode,
  VerifiableFlag,
  Weekday,
  WerkprocesProgress,
} from '@stagebank/domain';
import { Criterion, HardLimit } from '@stagebank/matching/types';

/** Dutch, then English. */
type Pair = readonly [nl: string, en: string];
/** Every value of the enum must have its names: a new value without them does not compile. */
type Names<E extends string> = Readonly<Record<E, Pair>>;

const employerStatus: Names<EmployerStatus> = {
  ACTIVE: ['Actief', 'Active'],
  PAUSED: ['Gepauzeerd', 'Paused'],
  STOPPED: ['Gestopt', 'Stopped'],
};

const employerKind: Names<EmployerKind> = {
  REGULAR: ['Reguliere werkgever', 'Regular employer'],
  SHELTERED_WORKSHOP: ['Beschut werk / sw-bedrijf', 'Sheltered workshop'],
  DAY_ACTIVITY_CENTRE: ['Dagbesteding', 'Day-activity centre'],
  LEARNING_WORK_COMPANY: ['Leerwerkbedrijf', 'Learning-work company'],
  SCHOOL_LEARNING_CENTRE: ['Leercentrum van de school', "School's learning centre"],
};

const sizeClass: Names<SizeClass> = {
  SMALL: ['Klein (< 50)', 'Small (< 50)'],
  MEDIUM: ['Middel (50–250)', 'Medium (50–250)'],
  LARGE: ['Groot (> 250)', 'Large (> 250)'],
};

const placementType: Names<PlacementType> = {
  TASTER: ['Snuffelstage', 'Taster'],
  STAGE: ['Stage', 'Internship'],
  GROUP_STAGE: ['Groepsstage', 'Group placement'],
  LEARNING_WORK_PLACE: ['Leerwerkplek', 'Learning-work place'],
  PRAKTIJKLEREN: ['Praktijkleren (praktijkverklaring)', 'Praktijkleren (praktijkverklaring)'],
  DAY_ACTIVITY: ['Dagbesteding', 'Day activity'],
  SHELTERED_WORK: ['Beschut werk', 'Sheltered work'],
  PAID_JOB: ['Betaalde baan', 'Paid job'],
};

const audience: Names<Audience> = {
  PRO: ['Praktijkonderwijs', 'PrO'],
  VSO: ['Voortgezet speciaal onderwijs', 'VSO'],
  PLP: ['Praktijkleren Plus', 'Praktijkleren Plus'],
};

const organisationKind: Names<OrganisationKind> = {
  PRO_SCHOOL: ['Praktijkonderwijs', 'PrO school'],
  VSO_SCHOOL: ['VSO-school', 'VSO school'],
  PLP_INITIATIVE: ['Praktijkleren Plus', 'Praktijkleren Plus initiative'],
  SBB: ['SBB', 'SBB'],
  MUNICIPALITY: ['Gemeente / WSP', 'Municipality / WSP'],
  OTHER: ['Anders', 'Other'],
};

const supportLevel: Names<SupportLevel> = {
  LIGHT: ['Licht', 'Light'],
  MODERATE: ['Gemiddeld', 'Moderate'],
  INTENSIVE: ['Intensief', 'Intensive'],
};

const travelMode: Names<TravelMode> = {
  WALK: ['Lopen', 'Walking'],
  BIKE: ['Fiets', 'Bike'],
  E_BIKE: ['E-bike', 'E-bike'],
  PUBLIC_TRANSPORT: ['Openbaar vervoer', 'Public transport'],
  TAXI: ['Leerlingenvervoer', 'School transport'],
  CAR: ['Auto', 'Car'],
};

const constraint: Names<StudentConstraint> = {
  NO_WEEKENDS: ['Niet in het weekend', 'No weekends'],
  NO_CUSTOMER_CONTACT: ['Geen klantcontact', 'No customer contact'],
  QUIET_WORKPLACE: ['Rustige werkplek', 'Quiet workplace'],
  WHEELCHAIR: ['Rolstoel', 'Wheelchair'],
};

const certificate: Names<Certificate> = {
  VCA: ['VCA', 'VCA'],
  BHV: ['BHV', 'BHV'],
  EHBO: ['EHBO', 'First aid'],
  BASIC_CLEANING: ['Basis schoonmaak', 'Basic cleaning'],
  HACCP: ['HACCP', 'HACCP'],
  FORKLIFT: ['Heftruck', 'Forklift'],
  DRIVING_LICENCE_B: ['Rijbewijs B', 'Driving licence B'],
};

const exitProfile: Names<ExitProfile> = {
  DAY_ACTIVITY: ['Dagbesteding', 'Day activity'],
  SHELTERED_WORK: ['Beschut werk', 'Sheltered work'],
  LABOUR_MARKET: ['Arbeidsmarkt', 'Labour market'],
  FURTHER_EDUCATION: ['Vervolgonderwijs', 'Further education'],
};

const weekday: Names<Weekday> = {
  MON: ['ma', 'Mon'],
  TUE: ['di', 'Tue'],
  WED: ['wo', 'Wed'],
  THU: ['do', 'Thu'],
  FRI: ['vr', 'Fri'],
  SAT: ['za', 'Sat'],
  SUN: ['zo', 'Sun'],
};

const internshipStatus: Names<InternshipStatus> = {
  PROPOSED: ['Voorgesteld', 'Proposed'],
  AGREED: ['Afgesproken', 'Agreed'],
  ACTIVE: ['Loopt', 'Active'],
  PAUSED: ['Gepauzeerd', 'Paused'],
  COMPLETED: ['Afgerond', 'Completed'],
  ENDED_EARLY: ['Voortijdig gestopt', 'Ended early'],
  CANCELLED: ['Geannuleerd', 'Cancelled'],
  EXPIRED: ['Verlopen (plek vrijgegeven)', 'Expired (seat released)'],
};

const destination: Names<Destination> = {
  PAID_JOB_AT_EMPLOYER: ['Betaald werk bij deze werkgever', 'Paid job at this employer'],
  PAID_JOB_ELSEWHERE: ['Betaald werk elders', 'Paid job elsewhere'],
  NEXT_PLACEMENT: ['Volgende stage', 'Next placement'],
  DAY_ACTIVITY: ['Dagbesteding', 'Day activity'],
  SHELTERED_WORK: ['Beschut werk', 'Sheltered work'],
  MBO_ENTREE_BBL: ['Mbo entree / BBL', 'Mbo entree / BBL'],
  NONE_YET: ['Nog niets', 'Nothing yet'],
  UNKNOWN: ['Onbekend', 'Unknown'],
};

const earlyEndReason: Names<EarlyEndReason> = {
  SUPERVISION: ['Begeleiding', 'Supervision'],
  STUDENT_FIT: ['Paste niet bij de leerling', 'Did not fit the student'],
  MOTIVATION: ['Motivatie', 'Motivation'],
  HEALTH: ['Gezondheid', 'Health'],
  TRAVEL: ['Reizen', 'Travel'],
  EMPLOYER_STOPPED: ['Werkgever gestopt', 'Employer stopped'],
  OTHER: ['Anders', 'Other'],
};

const awardKind: Names<AwardKind> = {
  VCA: ['VCA', 'VCA'],
  BHV: ['BHV', 'BHV'],
  EHBO: ['EHBO', 'First aid'],
  BASIC_CLEANING: ['Basis schoonmaak', 'Basic cleaning'],
  OTHER: ['Ander certificaat', 'Other certificate'],
};

const werkprocesProgress: Names<WerkprocesProgress> = {
  NOT_STARTED: ['Nog niet begonnen', 'Not started'],
  IN_PROGRESS: ['Bezig', 'In progress'],
  MASTERED: ['Beheerst', 'Mastered'],
};

const criterion: Names<Criterion> = {
  SECTOR: ['Sector', 'Sector'],
  TASKS: ['Taken en interesses', 'Tasks and interests'],
  TRAVEL: ['Reistijd', 'Travel time'],
  SUPERVISION: ['Begeleiding', 'Supervision'],
  EXPERIENCE: ['Ervaringen van scholen', "Schools' experiences"],
  RECOGNITION: ['SBB-erkenning en Boris', 'SBB recognition and Boris'],
  PAID_JOB: ['Kans op betaald werk', 'Chance of a paid job'],
  SCHEDULE: ['Werkdagen', 'Working days'],
  ALLOWANCE: ['Stagevergoeding', 'Allowance'],
  EXIT_PROFILE: ['Uitstroomprofiel', 'Exit profile'],
  TRACK_RECORD: ['Resultaten met vergelijkbare leerlingen', 'Results with similar students'],
};

const hardLimit: Names<HardLimit> = {
  EMPLOYER_STOPPED: ['Werkgever gestopt', 'Employer stopped'],
  EMPLOYER_PAUSED: ['Werkgever gepauzeerd', 'Employer paused'],
  AUDIENCE: ['Niet voor deze doelgroep', 'Not for this audience'],
  NOT_AVAILABLE: ['Niet beschikbaar in de periode', 'Not available in the period'],
  NO_FREE_SEAT: ['Geen vrije plek', 'No free seat'],
  TOO_FAR: ['Te ver', 'Too far'],
  TRAVEL_TOO_LONG: ['Te lang reizen', 'Travel too long'],
  SUPERVISION: ['Te weinig begeleiding', 'Too little supervision'],
  WHEELCHAIR: ['Niet rolstoeltoegankelijk', 'Not wheelchair accessible'],
  WEEKEND: ['Weekendwerk', 'Weekend work'],
  CUSTOMER_CONTACT: ['Klantcontact', 'Customer contact'],
  QUIET_WORKPLACE: ['Geen rustige werkplek', 'Not a quiet workplace'],
  CERTIFICATES: ['Certificaten ontbreken', 'Certificates missing'],
  QUALIFICATIONS: ['Diploma ontbreekt', 'Diploma missing'],
  RESERVED: ['Gereserveerd voor een andere school', 'Reserved for another school'],
};

const hostingInterest: Names<HostingInterest> = {
  ACTIVELY_LOOKING: ['Zoekt actief stagiairs', 'Actively looking'],
  INTERESTED: ['Staat ervoor open', 'Interested'],
  NOT_THIS_YEAR: ['Dit jaar niet', 'Not this year'],
  HAS_STUDENTS_ELSEWHERE: ['Heeft al stagiairs via een andere weg', 'Has students through another route'],
};

const notHostingReason: Names<NotHostingReason> = {
  NO_SUPERVISOR: ['Geen begeleider beschikbaar', 'No supervisor available'],
  TOO_BUSY: ['Te druk', 'Too busy'],
  NO_SUITABLE_WORK: ['Geen passend werk', 'No suitable work'],
  REORGANISATION: ['Reorganisatie', 'Reorganisation'],
  BAD_EXPERIENCE: ['Slechte ervaring', 'Bad experience'],
  ENOUGH_STUDENTS: ['Genoeg stagiairs', 'Enough students'],
  OTHER: ['Anders', 'Other'],
};

// Employer links: the flags a coach can verify, supervisors' roles, and how links were answered.
const verifiableFlag: Names<VerifiableFlag> = {
  WHEELCHAIR_ACCESS: ['Rolstoeltoegankelijk', 'Wheelchair accessible'],
  AUDIENCE_SUITABILITY: ['Geschikt voor de doelgroep', 'Suits the audience'],
  SUPERVISION_TRAINING: ['Opgeleide begeleider', 'Trained supervisor'],
};

const supervisorRole: Names<SupervisorRole> = {
  WORKPLACE_TRAINER: ['Leermeester', 'Workplace trainer'],
  WORK_SUPERVISOR: ['Werkbegeleider', 'Work supervisor'],
  JOB_COACH: ['Jobcoach', 'Job coach'],
};

const linkAnswer: Names<LinkAnswer> = {
  CONFIRMED: ['Bevestigd', 'Confirmed'],
  CORRECTED: ['Aangepast', 'Corrected'],
  PAUSED: ['Dit jaar niet (gepauzeerd)', 'Not this year (paused)'],
};

/** A link's state (the API's EmployerLinkStatus). */
const linkStatus: Names<'OPEN' | 'ANSWERED' | 'EXPIRED' | 'REVOKED'> = {
  OPEN: ['Open', 'Open'],
  ANSWERED: ['Beantwoord', 'Answered'],
  EXPIRED: ['Verlopen', 'Expired'],
  REVOKED: ['Ingetrokken', 'Revoked'],
};

const approachOutcome: Names<ApproachOutcome> = {
  PLACEMENT_AGREED: ['Stageplek afgesproken', 'Placement agreed'],
  NO_CAPACITY_NOW: ['Nu geen ruimte', 'No capacity now'],
  BUSY_UNTIL: ['Druk tot een datum', 'Busy until a date'],
  NOT_SUITABLE: ['Niet geschikt voor onze leerlingen', 'Not suitable for our students'],
  NO_ANSWER: ['Geen antwoord', 'No answer'],
  OTHER: ['Anders', 'Other'],
};

/** What an import does with a row's part (the API's ImportAction). */
const importAction: Names<'CREATE' | 'EXISTING'> = {
  CREATE: ['nieuw', 'new'],
  EXISTING: ['bestaat al', 'exists'],
};

const sector = Object.fromEntries([...SECTORS.values()].map((s) => [s.code, [s.nameNl, s.nameEn] as Pair])) as Names<Sector>;
const subSector = Object.fromEntries([...SUB_SECTORS.values()].map((s) => [s.code, [s.nameNl, s.nameEn] as Pair])) as Names<SubSector>;
const region = Object.fromEntries(Object.entries(REGION_NAMES).map(([code, name]) => [code, [name, name] as Pair])) as Names<LabourMarketRegion>;

const LABELS = {
  approachOutcome,
  audience,
  awardKind,
  certificate,
  constraint,
  criterion,
  destination,
  earlyEndReason,
  employerKind,
  employerStatus,
  exitProfile,
  hardLimit,
  hostingInterest,
  importAction,
  notHostingReason,
  internshipStatus,
  linkAnswer,
  linkStatus,
  organisationKind,
  placementType,
  region,
  sector,
  sizeClass,
  subSector,
  supervisorRole,
  supportLevel,
  travelMode,
  verifiableFlag,
  weekday,
  werkprocesProgress,
} as const;

export type LabelKind = keyof typeof LABELS;

/** The values of a kind, in their declared order: for selects and checkbox lists. */
export const valuesOf = <K extends LabelKind>(kind: K): Array<keyof (typeof LABELS)[K] & string> =>
  Object.keys(LABELS[kind]) as Array<keyof (typeof LABELS)[K] & string>;

/** The name of an enum value in the language; an unknown value (a newer API) shows as it is. */
export function labelOf(language: 'nl' | 'en', kind: LabelKind, value: string): string {
  const pair = (LABELS[kind] as Record<string, Pair | undefined>)[value];
  return pair ? pair[language === 'nl' ? 0 : 1] : value;
}
