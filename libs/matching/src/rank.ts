import { hardLimitsBroken } from './hard-limits';
import { scoreCandidate } from './scoring';
import { DetourTravelTimeProvider, TravelTimeProvider, haversineKm } from './travel-time';
import { Assessment, Candidate, Match, MatchProfile, Period, Weights } from './types';

export interface MatchOptions {
  period: Period;
  weights: Weights;
  travel?: TravelTimeProvider;
}

const DEFAULT_TRAVEL = new DetourTravelTimeProvider();
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Judges one placement for one student: every broken hard limit, or the score and its breakdown. */
export function assess(profile: MatchProfile, candidate: Candidate, { period, weights, travel = DEFAULT_TRAVEL }: MatchOptions): Assessment {
  const distanceKm = round1(candidate.distanceKm ?? haversineKm(profile.home, candidate.location));
  const travelMinutes = travel.minutes(profile.travelMode, distanceKm);
  const exclusions = hardLimitsBroken(profile, candidate, period, distanceKm, travelMinutes);
  if (exclusions.length) return { excluded: true, exclusions, distanceKm, travelMinutes };
  return { excluded: false, candidate, distanceKm, travelMinutes, ...scoreCandidate(profile, candidate, period, weights, distanceKm, travelMinutes) };
}

/** The ranking order: best score first; nearer first on a tie; then by placement id, so it is total and stable. */
export function compareMatches(a: Pick<Match, 'score' | 'distanceKm'> & { placementId: string }, b: Pick<Match, 'score' | 'distanceKm'> & { placementId: string }): number {
  return b.score - a.score || a.distanceKm - b.distanceKm || (a.placementId < b.placementId ? -1 : a.placementId > b.placementId ? 1 : 0);
}

export const sortKey = (m: Match) => ({ score: m.score, distanceKm: m.distanceKm, placementId: m.candidate.placementId });

export type MatchCursor = { score: number; distanceKm: number; placementId: string };

/** All placements that pass the hard limits, best first; with `after`, only those ranked after it. */
export function rankCandidates(profile: MatchProfile, candidates: Candidate[], options: MatchOptions, after?: MatchCursor): Match[] {
  const matches: Match[] = [];
  for (const candidate of candidates) {
    const assessment = assess(profile, candidate, options);
    if (assessment.excluded) continue;
    const { excluded: _excluded, ...match } = assessment;
    if (after && compareMatches(sortKey(match), after) <= 0) continue;
    matches.push(match);
  }
  return matches.sort((a, b) => compareMatches(sortKey(a), sortKey(b)));
}
