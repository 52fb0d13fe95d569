import { LimitContext, hardLimitsBroken, reservationNotes } from './hard-limits';
import { ScoringContext, scoreCandidate, scoringContext } from './scoring';
import { geodesicKm } from './distance';
import { flagNotes } from './flag-trust';
import { DetourTravelTimeProvider, TravelTimeProvider } from './travel-time';
import { Assessment, Candidate, Match, MatchProfile, Period, Weights } from './types';

export interface MatchOptions {
  period: Period;
  weights: Weights;
  travel?: TravelTimeProvider;
}

export const DEFAULT_TRAVEL: TravelTimeProvider = new DetourTravelTimeProvider();

/** Distance as matching uses it: the WGS84 geodesic in km, full precision (rounded only in sentences). */
export const distanceOf = (profile: MatchProfile, c: Candidate): number => geodesicKm(profile.home, c.location);

/** Judges one placement with a prepared context: every broken hard limit, or the score and its breakdown. */
export function assessWith(x: ScoringContext, candidate: Candidate, travel: TravelTimeProvider = DEFAULT_TRAVEL): Assessment {
  const distanceKm = distanceOf(x.profile, candidate);
  const travelMinutes = travel.minutes(x.profile.travelMode, distanceKm);
  const limits: LimitContext = { profile: x.profile, period: x.period, distanceKm, travelMinutes };
  const exclusions = hardLimitsBroken(limits, candidate);
  if (exclusions.length) return { excluded: true, exclusions, distanceKm, travelMinutes };
  return {
    excluded: false,
    candidate,
    distanceKm,
    travelMinutes,
    ...scoreCandidate(x, candidate, distanceKm, travelMinutes),
    flagNotes: flagNotes(x.profile, candidate),
    notes: reservationNotes(limits, candidate),
  };
}

/** Judges one placement for one student. */
export function assess(profile: MatchProfile, candidate: Candidate, { period, weights, travel }: MatchOptions): Assessment {
  return assessWith(scoringContext(profile, period, weights), candidate, travel);
}

export type MatchCursor = { score: number; distanceKm: number; placementId: string };

/** The ranking order: best score first; nearer first on a tie; then by placement id, so it is total and stable. */
export function compareMatches(a: MatchCursor, b: MatchCursor): number {
  return b.score - a.score || a.distanceKm - b.distanceKm || (a.placementId < b.placementId ? -1 : a.placementId > b.placementId ? 1 : 0);
}

export const sortKey = (m: Match): MatchCursor => ({ score: m.score, distanceKm: m.distanceKm, placementId: m.candidate.placementId });

/**
 * The reference ranking: every candidate judged in full, best first; with `after`, only those
 * ranked after it. MatchingIndex gives the same answer fast; tests hold the two to each other.
 */
export function rankCandidates(profile: MatchProfile, candidates: Candidate[], options: MatchOptions, after?: MatchCursor): Match[] {
  const x = scoringContext(profile, options.period, options.weights);
  const matches: Match[] = [];
  for (const candidate of candidates) {
    const assessment = assessWith(x, candidate, options.travel);
    if (assessment.excluded) continue;
    const { excluded: _excluded, ...match } = assessment;
    if (after && compareMatches(sortKey(match), after) <= 0) continue;
    matches.push(match);
  }
  return matches.sort((a, b) => compareMatches(sortKey(a), sortKey(b)));
}
