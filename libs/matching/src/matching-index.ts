import { PlacementType, Sector, VerifiableFlag } from '@stagebank/domain';
import { CandidateColumns } from './candidate-columns';
import { CandidateStore } from './candidate-store';
import { SPHERE_SLACK, geodesicKmBetween } from './distance';
import { DEFAULT_TRAVEL, MatchCursor, MatchOptions, assessWith, compareMatches } from './rank';
import { BoundInputs, rawScores, scoreOf, scoreUpperBound, scoringContext, sectorCeilings } from './scoring';
import { SpatialGrid } from './spatial-grid';
import { TravelTimeProvider, haversineKmBetween } from './travel-time';
import { Candidate, Match, MatchProfile } from './types';

export interface IndexFilter {
  sectors?: Sector[];
  types?: PlacementType[];
  /** Only placements where a coach verified each of these flags to hold (flag-trust.ts verifiedFlags). */
  verified?: VerifiableFlag[];
}

export interface IndexResult {
  /** The page, best first, each with its explained breakdown. */
  matches: Match[];
  /** All placements that pass the hard limits and the filter (before the cursor). */
  total: number;
}

const KM_PER_DEGREE_LAT = 110.574;
const KM_PER_DEGREE_LON_AT_EQUATOR = 111.32;
/** A score is a sum of eleven points each rounded to cents, so it can exceed its exact value by up to 0.055. */
export const ROUNDING_SLACK = 0.06;

/** Compaction runs once the unsorted tail holds this many slots, or this share of the live placements, whichever is more. */
const TAIL_MIN = 4096;
const TAIL_SHARE = 1 / 32;

/**
 * All placements in memory, in slots: a base ordered along a uniform latitude/longitude grid
 * (SpatialGrid), then an unsorted tail of placements added or moved since. Each slot's candidate is
 * held as numbers (CandidateStore), and the fields the hard limits read once more in typed arrays
 * (CandidateColumns). `upsert` and `remove` patch it in place: a
 * placement that keeps its grid cell is rewritten in its slot, one that is new or moves cell is
 * appended to the tail and its old slot tombstoned; when the tail grows past a threshold the index
 * re-sorts itself in memory (no database). A query walks the grid spans of the travel radius and the
 * tail, skips tombstones, counts those passing every hard limit, bounds each one's score cheaply and
 * scores in full only those that could still enter the page; it explains only the page.
 * Its ranking equals `rankCandidates` over the same candidates: the property tests hold it to that,
 * after any sequence of patches too.
 */
export class MatchingIndex {
  /** The candidate in each slot; an empty slot is a tombstone. */
  private store = new CandidateStore();
  private grid!: SpatialGrid;
  private columns!: CandidateColumns;
  private positions = new Map<string, number>();
  /** Slots below this are grid-ordered; from it to `used`, the tail. */
  private baseCount = 0;
  private used = 0;
  private live = 0;
  /** Distinct values the store held right after the last rebuild: patches add more, and a compaction drops those no slot holds. */
  private internedAtRebuild = 0;
  /** Scratch space for one query's collected placements; a query runs to completion synchronously, so one set serves all. */
  private scratch: Collected = {
    count: 0,
    index: new Int32Array(0),
    distance: new Float64Array(0),
    minutes: new Float64Array(0),
    bound: new Float64Array(0),
    travel: DEFAULT_TRAVEL,
  };

  /** `tailLimit` overrides the compaction threshold (tests use a tiny one to compact often). */
  constructor(
    candidates: readonly Candidate[],
    private readonly options: { tailLimit?: number } = {},
  ) {
    const store = new CandidateStore();
    store.reserve(candidates.length);
    candidates.forEach((c, i) => store.set(i, c));
    this.rebuild(store, everySlot(candidates.length), false);
  }

  /**
   * An index built from parts as they arrive (a build read from the database in chunks): each part
   * goes into the store as it comes, so its rows can go before the next one; `done()` sorts them in.
   */
  static loader(options: { tailLimit?: number } = {}): { add(part: readonly Candidate[]): void; done(): MatchingIndex } {
    const index = new MatchingIndex([], options);
    const store = new CandidateStore();
    let loaded = 0;
    return {
      add: (part) => {
        store.reserve(loaded + part.length);
        for (const c of part) store.set(loaded++, c);
      },
      done: () => {
        index.rebuild(store, everySlot(loaded), false);
        return index;
      },
    };
  }

  get size(): number {
    return this.live;
  }

  /** How many slots sit in the unsorted tail (for tests and the benchmark). */
  get tailSize(): number {
    return this.used - this.baseCount;
  }

  candidate(placementId: string): Candidate | undefined {
    const position = this.positions.get(placementId);
    return position === undefined ? undefined : this.store.at(position);
  }

  /** Adds the placement or replaces what the index held for it (fields, claims, recognitions, location). */
  upsert(c: Candidate): void {
    const old = this.positions.get(c.placementId);
    if (old !== undefined) {
      const before = { latitude: this.store.latitude(old), longitude: this.store.longitude(old) };
      // The tail is scanned whole, and a base slot is found through its grid cell: either stays valid in place.
      if (old >= this.baseCount || this.grid.sameCell(before, c.location)) {
        this.store.set(old, c);
        this.columns.set(old, c);
        this.maybeCompact();
        return;
      }
      this.store.clear(old);
      this.live--;
    }
    const slot = this.used++;
    this.store.reserve(this.used);
    this.columns.reserve(this.used);
    this.store.set(slot, c);
    this.columns.set(slot, c);
    this.positions.set(c.placementId, slot);
    this.live++;
    this.maybeCompact();
  }

  /** Drops the placement; false when the index did not hold it. */
  remove(placementId: string): boolean {
    const slot = this.positions.get(placementId);
    if (slot === undefined) return false;
    this.positions.delete(placementId);
    this.store.clear(slot);
    this.live--;
    this.maybeCompact();
    return true;
  }

  /** Re-sorts every live placement into grid order now (also done by itself when the tail grows). */
  compact(): void {
    const live: number[] = [];
    for (let i = 0; i < this.used; i++) if (this.store.has(i)) live.push(i);
    this.rebuild(this.store, live, true);
  }

  /** The best `first` matches (after the cursor), explained, and how many match in all. */
  query(profile: MatchProfile, options: MatchOptions, first: number, after?: MatchCursor, filter: IndexFilter = {}): IndexResult {
    const x = scoringContext(profile, options.period, options.weights);
    const passing = this.collect(profile, options, filter);
    const top: Array<MatchCursor & { index: number }> = [];
    // Threshold algorithm: score from the highest bound down; stop once the page's last score beats every bound left.
    for (const { ceiling, positions } of this.byBound(passing)) {
      if (top.length === first && ceiling + ROUNDING_SLACK < top[top.length - 1].score) break;
      for (const k of positions) {
        const key = this.exactKey(x, passing, k);
        if (!after || compareMatches(key, after) > 0) insertBounded(top, key, first);
      }
    }
    const matches = top.map(({ index }) => {
      const assessment = assessWith(x, this.store.at(index)!, options.travel ?? DEFAULT_TRAVEL);
      if (assessment.excluded) throw new Error('MatchingIndex and the full assessment disagree');
      const { excluded: _excluded, ...match } = assessment;
      return match;
    });
    return { matches, total: passing.count };
  }

  /** Where a match stands: its place in the ranking (1 = best) and how many match in all. */
  standing(profile: MatchProfile, options: MatchOptions, key: MatchCursor): { rank: number; total: number } {
    const x = scoringContext(profile, options.period, options.weights);
    const passing = this.collect(profile, options, {});
    let before = 0;
    for (let k = 0; k < passing.count; k++) if (compareMatches(this.exactKey(x, passing, k), key) < 0) before++;
    return { rank: before + 1, total: passing.count };
  }

  /**
   * Each placement within reach that passes the hard limits, with the score bound the query ranks
   * by before scoring in full. For the property tests: a bound below the score would let a query
   * stop before a placement that belongs on the page.
   */
  scoreBounds(profile: MatchProfile, options: MatchOptions): Array<{ placementId: string; bound: number }> {
    const passing = this.collect(profile, options, {});
    return Array.from({ length: passing.count }, (_, k) => ({ placementId: this.store.placementId(passing.index[k])!, bound: passing.bound[k] }));
  }

  /** The full score of the k-th collected placement, as a ranking key. */
  private exactKey(x: ReturnType<typeof scoringContext>, passing: Collected, k: number): MatchCursor & { index: number } {
    const i = passing.index[k];
    const c = this.store.at(i)!;
    if (Number.isNaN(passing.distance[k])) {
      // Collected with the haversine bracket only: the geodesic now, as the full assessment computes it.
      passing.distance[k] = geodesicKmBetween(x.profile.home.latitude, x.profile.home.longitude, c.location.latitude, c.location.longitude);
      passing.minutes[k] = passing.travel.minutes(x.profile.travelMode, passing.distance[k]);
    }
    const offered = this.columns.stemSets[this.columns.stemSet[i]];
    return { score: scoreOf(x, rawScores(x, c, passing.minutes[k], offered)), distanceKm: passing.distance[k], placementId: c.placementId, index: i };
  }

  /** The collected placements grouped by score bound in 0.1-point buckets, highest first (a counting sort). */
  private *byBound(passing: Collected): Generator<{ ceiling: number; positions: Int32Array }> {
    const buckets = 1001;
    const counts = new Int32Array(buckets + 1);
    const bucketOf = (k: number) => buckets - 1 - Math.min(buckets - 1, Math.max(0, Math.floor(passing.bound[k] * 10)));
    for (let k = 0; k < passing.count; k++) counts[bucketOf(k) + 1]++;
    for (let b = 1; b <= buckets; b++) counts[b] += counts[b - 1];
    const sorted = new Int32Array(passing.count);
    const next = counts.slice();
    for (let k = 0; k < passing.count; k++) sorted[next[bucketOf(k)]++] = k;
    for (let b = 0; b < buckets; b++) {
      if (counts[b + 1] > counts[b]) yield { ceiling: (buckets - b) / 10, positions: sorted.subarray(counts[b], counts[b + 1]) };
    }
  }

  /** Every placement within reach that passes the hard limits and the filter, with its distance, travel time and score bound. */
  private collect(profile: MatchProfile, options: MatchOptions, filter: IndexFilter): Collected {
    const travel = options.travel ?? DEFAULT_TRAVEL;
    const x = scoringContext(profile, options.period, options.weights);
    const ceilings = sectorCeilings(profile);
    const q = this.columns.query(profile, options.period, filter);
    const cols = this.columns;
    const { latitude, longitude } = profile.home;
    const maxKm = profile.maxTravelKm;
    const maxMinutes = profile.maxTravelMinutes;
    const mode = profile.travelMode;
    // Equirectangular distance underestimates the great circle by well under 1 % at these scales:
    // points beyond 1.02 × the limit by it are out for sure, and skip the trigonometry.
    const kmPerDegLon = KM_PER_DEGREE_LON_AT_EQUATOR * Math.cos((latitude * Math.PI) / 180);
    const rejectSquared = (maxKm * 1.02 + 0.05) ** 2;
    if (this.scratch.index.length < this.used) {
      const n = this.columns.capacity;
      this.scratch = { count: 0, index: new Int32Array(n), distance: new Float64Array(n), minutes: new Float64Array(n), bound: new Float64Array(n), travel };
    }
    const out = this.scratch;
    out.count = 0;
    out.travel = travel;
    const tasksByText = cols.tasksRawByStemSet(x);
    const inputs: BoundInputs = {
      sectorIndex: 0,
      employerSectorMask: 0,
      tagMask: 0,
      travelMinutes: 0,
      tasksRaw: 0,
      supervisionRaw: 0,
      experienceRaw: 0,
      scheduleRaw: 0,
      trackRecordRaw: 0,
      paidJobRaw: 0,
      recognised: false,
      boris: false,
      allowance: false,
    };
    const recognitionDay = q.from;
    const store = this.store;
    const visit = (start: number, end: number) => {
      for (let i = start; i < end; i++) {
        const dy = (cols.latitude[i] - latitude) * KM_PER_DEGREE_LAT;
        const dx = (cols.longitude[i] - longitude) * kmPerDegLon;
        if (dx * dx + dy * dy > rejectSquared) continue;
        if (!store.has(i) || !cols.passes(i, q)) continue;
        // The geodesic costs microseconds: bracket it with the haversine and compute it only when the
        // bracket straddles a travel limit; otherwise the bound uses the bracket's near end and
        // exactKey computes the geodesic for the few placements that are scored in full.
        const sphere = haversineKmBetween(latitude, longitude, cols.latitude[i], cols.longitude[i]);
        const nearest = sphere / (1 + SPHERE_SLACK);
        if (nearest > maxKm) continue;
        const farthest = sphere / (1 - SPHERE_SLACK);
        let distanceKm = NaN;
        let travelMinutes: number;
        if (farthest > maxKm || (maxMinutes !== null && travel.minutes(mode, farthest) > maxMinutes)) {
          distanceKm = geodesicKmBetween(latitude, longitude, cols.latitude[i], cols.longitude[i]);
          if (distanceKm > maxKm) continue;
          travelMinutes = travel.minutes(mode, distanceKm);
          if (maxMinutes !== null && travelMinutes > maxMinutes) continue;
        } else {
          // Minutes never fall as the distance grows, so the nearest end gives a bound that stays above the score.
          travelMinutes = travel.minutes(mode, nearest);
        }
        inputs.sectorIndex = cols.sector[i];
        inputs.employerSectorMask = cols.employerSectors[i];
        inputs.tagMask = cols.tags[i];
        inputs.travelMinutes = travelMinutes;
        inputs.tasksRaw = tasksByText[cols.stemSet[i]];
        inputs.supervisionRaw = cols.supervisionRaw(i, q);
        inputs.experienceRaw = cols.experienceRaw[i];
        inputs.scheduleRaw = cols.scheduleRaw(i, q);
        inputs.trackRecordRaw = cols.trackRecordRaw[i];
        inputs.paidJobRaw = cols.paidJobRaw[i];
        inputs.recognised = cols.recognised(i, recognitionDay);
        inputs.boris = cols.boris(i);
        inputs.allowance = cols.allowance(i);
        const k = out.count++;
        out.index[k] = i;
        out.distance[k] = distanceKm;
        out.minutes[k] = Number.isNaN(distanceKm) ? NaN : travelMinutes;
        out.bound[k] = scoreUpperBound(x, ceilings, inputs);
      }
    };
    const [minLat, minLon, maxLat, maxLon] = this.box(profile);
    this.grid.spans(minLat, minLon, maxLat, maxLon, visit);
    // The tail is unsorted and small: the distance check above rejects what lies outside the radius.
    visit(this.baseCount, this.used);
    return out;
  }

  /**
   * Moves the filled `slots` of a store into grid order as the new base, with an empty tail. A
   * compaction (`compacting`) moves the index's own columns along and updates the positions it
   * holds in place, so no candidate is built again: writing 400,000 slots' columns from candidates
   * took most of its seconds, and updating a map's 400,000 entries takes about 30 ms against
   * 135–350 ms to fill a new one. It also drops the values no slot holds any more (the columns'
   * pools always lose theirs). A build writes the columns from the sorted store, so it holds no
   * second set of columns while sorting.
   */
  private rebuild(store: CandidateStore, slots: ArrayLike<number>, compacting: boolean): void {
    const n = slots.length;
    const latitudes = new Float64Array(n);
    const longitudes = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      latitudes[k] = store.latitude(slots[k]);
      longitudes[k] = store.longitude(slots[k]);
    }
    this.grid = new SpatialGrid(latitudes, longitudes);
    const order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[k] = slots[this.grid.order[k]];
    this.store = store.reordered(order, compacting);
    if (compacting) this.columns = this.columns.reordered(order);
    else {
      this.columns = new CandidateColumns();
      this.columns.reserve(n);
      for (let i = 0; i < n; i++) this.columns.set(i, this.store.at(i)!);
      this.positions = new Map();
    }
    for (let i = 0; i < n; i++) this.positions.set(this.store.placementId(i)!, i);
    this.baseCount = this.used = this.live = n;
    this.internedAtRebuild = this.store.interned;
  }

  private maybeCompact(): void {
    const tail = this.used - this.baseCount;
    const dead = this.used - this.live;
    // Dropped slots and pool entries cost memory and scan time; re-sorting costs one pass over everything, so wait until they add up.
    const limit = this.options.tailLimit ?? Math.max(TAIL_MIN, this.live * TAIL_SHARE);
    const leftBehind = this.store.interned - this.internedAtRebuild;
    if (tail > limit || dead > limit * 4 || this.columns.poolSize > 4 * this.live + 8 * limit || leftBehind > 8 * limit) this.compact();
  }

  /** The bounding box of the travel radius, with a margin (the exact distance is checked after). */
  private box(profile: MatchProfile): [number, number, number, number] {
    const { latitude, longitude } = profile.home;
    const r = profile.maxTravelKm * 1.02 + 0.05;
    const dLat = r / KM_PER_DEGREE_LAT;
    const widestLat = Math.min(89, Math.abs(latitude) + dLat);
    const dLon = r / (KM_PER_DEGREE_LON_AT_EQUATOR * Math.cos((widestLat * Math.PI) / 180));
    return [latitude - dLat, longitude - dLon, latitude + dLat, longitude + dLon];
  }
}

/** Slots 0 … n-1, in order. */
const everySlot = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

interface Collected {
  count: number;
  index: Int32Array;
  /** The geodesic distance and travel minutes, or NaN until exactKey needs them. */
  distance: Float64Array;
  minutes: Float64Array;
  bound: Float64Array;
  travel: TravelTimeProvider;
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
