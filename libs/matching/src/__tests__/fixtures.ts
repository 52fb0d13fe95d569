import {
  Audience,
  EmployerStatus,
  InternshipStatus,
  PaidJobChance,
  PlacementType,
  Sector,
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
  availableDays: [],
  ...overrides,
});

let n = 0;
export const candidate = (overrides: Partial<Candidate> = {}): Candidate => {
  n++;
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    placementId: id,
    employerId: id,
    siteId: id,
    title: 'Vakkenvuller',
    tasks: ['vakken vullen'],
    sector: Sector.RETAIL,
    employerSectors: [Sector.RETAIL],
    tags: [],
    type: PlacementType.STAGE,
    seats: 2,
    claims: [],
    days: [],
    weekendWork: false,
    customerContact: false,
    quietWorkplace: false,
    wheelchairAccessible: true,
    requiredCertificates: [],
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
    experience: null,
    location: eastOf(OSS, 2),
    ...overrides,
  };
};

export const PERIOD = { from: '2027-02-01', to: '2027-06-30' };

export const takenSeat = (from = PERIOD.from, to = PERIOD.to) => ({ startDate: from, endDate: to, status: InternshipStatus.ACTIVE });
