import { InternshipStatus, Sector } from '@stagebank/domain';
import { BASE_PROFILE, baseCandidate } from '../../scenarios/world';
import { Candidate, MatchProfile } from '../types';

/** Oss, from the gazetteer. */
export const OSS = { latitude: 51.765, longitude: 5.51806 };

/** A point `km` east of `from`. */
export const eastOf = (from: { latitude: number; longitude: number }, km: number) => ({
  latitude: from.latitude,
  longitude: from.longitude + km / (111.32 * Math.cos((from.latitude * Math.PI) / 180)),
});

export const profile = (overrides: Partial<MatchProfile> = {}): MatchProfile => ({
  ...BASE_PROFILE,
  home: OSS,
  maxTravelKm: 10,
  sectorPreferences: [Sector.RETAIL],
  ...overrides,
});

let n = 0;
export const candidate = (overrides: Partial<Candidate> = {}): Candidate => {
  n++;
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return baseCandidate(id, { tasks: ['vakken vullen'], availableFrom: '2026-01-01', location: eastOf(OSS, 2), ...overrides });
};

export const PERIOD = { from: '2027-02-01', to: '2027-06-30' };

export const takenSeat = (from = PERIOD.from, to = PERIOD.to) => ({ startDate: from, endDate: to, status: InternshipStatus.ACTIVE });
