import { PlacementType, Sector } from '@stagebank/domain';
import KDBush from 'kdbush';
import { LimitContext, passesHardLimits } from './hard-limits';
import { DEFAULT_TRAVEL, MatchCursor, MatchOptions, assessWith, compareMatches, round1 } from './rank';
import { candidateStems, rawScores, scoreOf, scoringContext } from './scoring';
import { haversineKm } from './travel-time';
import { Candidate, Match, MatchProfile } from './types';

export interface IndexFilter {
  sectors?: Sector[];
  types?: PlacementType[];
}

export interface IndexResult {
  /** The page, best first, each with its explained breakdown. */
  matches: Match[];
  /** All placements that pass the hard limits and the filter (before the cursor). */
  total: number;
}

const KM_PER_DEGREE_LAT = 110.574;
const KM_PER_DEGREE_LON_AT_EQUATOR = 111.32;

/**
 * All placements in memory with a KD-tree over their coordinates. A query visits only the
 * placements within the student's travel radius, applies the hard limits and the numeric score
 * (the very functions the full path uses), keeps the best `first`, and explains only those.
 * Ranking equals `rankCandidates` over the same candidates; the property tests check it.
 */
export class MatchingIndex {
  private readonly tree: KDBush<Candidate>;
  private readonly offered: Array<Set<string>>;
  private readonly positions: Map<string, number>;

  constructor(private readonly candidates: Candidate[]) {
    this.tree = new KDBush(candidates, (c) => c.location.longitude, (c) => c.location.latitude, 64, Float64Array);
    this.offered = candidates.map(candidateStems);
    this.positions = new Map(candidates.map((c, i) => [c.placementId, i]));
  }

  get size(): number {
    return this.candidates.length;
  }

  candidate(placementId: string): Candidate | undefined {
    const position = this.positions.get(placementId);
    return position === undefined ? undefined : this.candidates[position];
  }

  /** The best `first` matches (after the cursor), explained, and how many match in all. */
  query(profile: MatchProfile, options: MatchOptions, first: number, after?: MatchCursor, filter: IndexFilter = {}): IndexResult {
    const x = scoringContext(profile, options.period, options.weights);
    const top: Array<MatchCursor & { index: number }> = [];
    const total = this.scan(profile, options, filter, (key) => {
      if (!after || compareMatches(key, after) > 0) insertBounded(top, key, first);
    });
    const matches = top.map(({ index }) => {
      const assessment = assessWith(x, this.candidates[index], options.travel ?? DEFAULT_TRAVEL);
      if (assessment.excluded) throw new Error('MatchingIndex and the full assessment disagree');
      const { excluded: _excluded, ...match } = assessment;
      return match;
    });
    return { matches, total };
  }

  /** Where a match stands: its place in the ranking (1 = best) and how many match in all. */
  standing(profile: MatchProfile, options: MatchOptions, key: MatchCursor): { rank: number; total: number } {
    let before = 0;
    const total = this.scan(profile, options, {}, (other) => {
      if (compareMatches(other, key) < 0) before++;
    });
    return { rank: before + 1, total };
  }

  /** Visits every placement within reach that passes the hard limits and the filter; returns how many. */
  private scan(profile: MatchProfile, options: MatchOptions, filter: IndexFilter, visit: (key: MatchCursor & { index: number }) => void): number {
    const travel = options.travel ?? DEFAULT_TRAVEL;
    const x = scoringContext(profile, options.period, options.weights);
    const limits: LimitContext = { profile, period: options.period, distanceKm: 0, travelMinutes: 0 };
    let total = 0;
    for (const index of this.withinRadius(profile)) {
      const c = this.candidates[index];
      if (filter.sectors?.length && !filter.sectors.includes(c.sector)) continue;
      if (filter.types?.length && !filter.types.includes(c.type)) continue;
      limits.distanceKm = round1(haversineKm(profile.home, c.location));
      if (limits.distanceKm > profile.maxTravelKm) continue;
      limits.travelMinutes = travel.minutes(profile.travelMode, limits.distanceKm);
      if (!passesHardLimits(limits, c)) continue;
      total++;
      visit({ score: scoreOf(x, rawScores(x, c, limits.travelMinutes, this.offered[index])), distanceKm: limits.distanceKm, placementId: c.placementId, index });
    }
    return total;
  }

  /** Candidates in the bounding box of the travel radius (the exact distance is checked after). */
  private withinRadius(profile: MatchProfile): number[] {
    const { latitude, longitude } = profile.home;
    const r = profile.maxTravelKm * 1.01;
    const dLat = r / KM_PER_DEGREE_LAT;
    const widestLat = Math.min(89, Math.abs(latitude) + dLat);
    const dLon = r / (KM_PER_DEGREE_LON_AT_EQUATOR * Math.cos((widestLat * Math.PI) / 180));
    return this.tree.range(longitude - dLon, latitude - dLat, longitude + dLon, latitude + dLat);
  }
}

/** Keeps `top` sorted best first and at most `limit` long. */
function insertBounded<T extends MatchCursor>(top: T[], item: T, limit: number): void {
  if (top.length === limit && compareMatches(item, top[top.length - 1]) >= 0) return;
  let lo = 0;
  let hi = top.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareMatches(top[mid], item) < 0) lo = mid + 1;
    else hi = mid;
  }
  top.splice(lo, 0, item);
  if (top.length > limit) top.pop();
}
