import { Audience, EmployerKind, EmployerStatus, PaidJobChance, PlacementType, Sector, SUPPORT_RANK, SupportLevel, TravelMode } from '@stagebank/domain';
import { Candidate, MatchProfile, Period } from '../src/types';

/**
 * A coordinator scenario: one student, a handful of placements around their home, and the order an
 * experienced coordinator would propose them in, with the reason. Kept free of the engine's newer
 * fields' types (placements are loose records), so the same file runs against older code for the
 * before/after benchmark: a field the engine does not know is simply ignored there.
 */
export interface Scenario {
  id: string;
  /** The situation, as a coordinator would tell it. */
  story: string;
  /** Why the coordinator orders the placements as `order` says. */
  why: string;
  student: Partial<MatchProfile> & Record<string, unknown>;
  placements: ScenarioPlacement[];
  /** Placement keys, the coordinator's first choice first; placements not listed would not be proposed. */
  order: string[];
  /** Set when the scenario needs a model the engine does not have yet: it is listed but not scored. */
  pending?: string;
}

/** A placement in a scenario: `key`, its distance east of the student's home, and any Candidate fields (plus newer ones). */
export type ScenarioPlacement = { key: string; km: number } & Record<string, unknown>;

/** Oss, from the gazetteer: every scenario's student lives here. */
export const HOME = { latitude: 51.765, longitude: 5.51806 };
export const SCENARIO_PERIOD: Period = { from: '2027-02-01', to: '2027-06-30' };

const eastOf = (km: number) => ({ latitude: HOME.latitude, longitude: HOME.longitude + km / (111.32 * Math.cos((HOME.latitude * Math.PI) / 180)) });

/** A student with no wishes or needs beyond the usual: the base of every scenario and unit-test profile. */
export const BASE_PROFILE: MatchProfile = {
  audience: Audience.PRO,
  home: HOME,
  travelMode: TravelMode.BIKE,
  maxTravelKm: 12,
  maxTravelMinutes: null,
  sectorPreferences: [],
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
};

export function scenarioProfile(s: Scenario): MatchProfile {
  return { ...BASE_PROFILE, ...s.student } as MatchProfile;
}

/**
 * An open retail placement with two seats at an active regular employer, with `fields` over it:
 * the base of every scenario and unit-test candidate. Unless `fields` say otherwise, the site's
 * supervisors give exactly the level claimed, and its only claims are this placement's.
 */
export function baseCandidate(id: string, fields: Record<string, unknown>): Candidate {
  const c = {
    placementId: id,
    employerId: id,
    siteId: id,
    title: 'Vakkenvuller',
    tasks: [],
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
    wheelchairVerifiedOn: null,
    requiredCertificates: [],
    requiredQualifications: [],
    crebo: null,
    werkprocessen: [],
    audiences: [Audience.PRO, Audience.VSO, Audience.PLP],
    audiencesVerifiedOn: null,
    supervisionLevel: SupportLevel.MODERATE,
    schoolSupervisorRequired: false,
    allowancePaid: false,
    paidJobChance: PaidJobChance.NONE,
    availableFrom: '2026-08-01',
    availableUntil: null,
    employerStatus: EmployerStatus.ACTIVE,
    pausedUntil: null,
    recognitions: [],
    borisFlag: false,
    supervisionCapacity: 2,
    trainedSupervisors: 1,
    verifiedTrainedSupervisors: 0,
    trackRecord: [],
    experiences: [],
    location: HOME,
    ...fields,
  } as unknown as Candidate;
  const rank = SUPPORT_RANK[c.supervisionLevel];
  const supervisorCapacity =
    (fields.supervisorCapacity as Candidate['supervisorCapacity'] | undefined) ??
    ([1, 2, 3].map((r) => (r <= rank ? c.supervisionCapacity : 0)) as [number, number, number]);
  return { ...c, supervisorCapacity, siteClaims: (fields.siteClaims as Candidate['siteClaims'] | undefined) ?? c.claims };
}

export function scenarioCandidates(s: Scenario): Candidate[] {
  return s.placements.map(({ key, km, ...fields }, i) => {
    const sector = (fields.sector as Sector | undefined) ?? Sector.RETAIL;
    const id = `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
    return baseCandidate(id, { title: key, employerSectors: [sector], location: eastOf(km), ...fields });
  });
}

/** The placement key behind a candidate id made by `scenarioCandidates`. */
export const keyOf = (s: Scenario, placementId: string): string => s.placements[Number(placementId.slice(-12)) - 1].key;
