import {
  Audience,
  EmployerKind,
  EmployerStatus,
  InternshipStatus,
  PaidJobChance,
  PlacementType,
  Sector,
  SUPPORT_RANK,
  SupportLevel,
  TravelMode,
} from '@stagebank/domain';
import { Candidate, MatchProfile } from '../types';

/** Oss, from the gazetteer. */
export const OSS = { latitude: 51.765, longitude: 5.51806 };

/** A point `km` east of `from`. */
export const eastOf = (from: { latitude: number; longitude: number }, km: number) => ({
  latitude: from.latitude,
  longitude: from.longitude + km / (111.32 * Math.cos((from.latitude * Math.PI) / 180)),
});

export const profile = (overrides: Partial<MatchProfile> = {}): MatchProfile => ({
  audience: Audience.PRO,
  home: OSS,
  travelMode: TravelMode.BIKE,
  maxTravelKm: 10,
  maxTravelMinutes: null,
  sectorPreferences: [Sector.RETAIL],
  interests: [],
  supportNeed: SupportLevel.MODERATE,
  constraints: [],
  certificates: [],
  finalYear: false,
  targetCrebo: null,
  targetWerkprocessen: [],
  availableDays: [],
  qualifications: [],
  exitProfile: null,
  ...overrides,
});

let n = 0;
export const candidate = (overrides: Partial<Candidate> = {}): Candidate => {
  n++;
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const c: Candidate = {
    placementId: id,
    employerId: id,
    siteId: id,
    title: 'Vakkenvuller',
    tasks: ['vakken vullen'],
    sector: Sector.RETAIL,
    employerSectors: [Sector.RETAIL],
    tags: [],
    employerKind: EmployerKind.REGULAR,
    type: PlacementType.STAGE,
    seats: 2,
    claims: [],
    days: [],
    weekendWork: false,
    customerContact: false,
    quietWorkplace: false,
    wheelchairAccessible: true,
    requiredCertificates: [],
    requiredQualifications: [],
    crebo: null,
    werkprocessen: [],
    audiences: [Audience.PRO, Audience.VSO, Audience.PLP],
    supervisionLevel: SupportLevel.MODERATE,
    schoolSupervisorRequired: false,
    allowancePaid: false,
    paidJobChance: PaidJobChance.NONE,
    availableFrom: '2026-01-01',
    availableUntil: null,
    employerStatus: EmployerStatus.ACTIVE,
    pausedUntil: null,
    recognitions: [],
    borisFlag: false,
    supervisionCapacity: 2,
    trainedSupervisors: 1,
    supervisorCapacity: [0, 0, 0],
    siteClaims: [],
    trackRecord: [],
    experiences: [],
    location: eastOf(OSS, 2),
    ...overrides,
  };
  // Unless a test says otherwise, the site's supervisors give exactly the level claimed, and its only claims are this placement's.
  const rank = SUPPORT_RANK[c.supervisionLevel];
  const supervisorCapacity = overrides.supervisorCapacity ?? ([1, 2, 3].map((r) => (r <= rank ? c.supervisionCapacity : 0)) as [number, number, number]);
  return { ...c, supervisorCapacity, siteClaims: overrides.siteClaims ?? c.claims };
};

export const PERIOD = { from: '2027-02-01', to: '2027-06-30' };

export const takenSeat = (from = PERIOD.from, to = PERIOD.to) => ({ startDate: from, endDate: to, status: InternshipStatus.ACTIVE });
