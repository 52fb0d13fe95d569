import { InternshipStatus, PlacementType, Sector, VerifiableFlag, addDays } from '@stagebank/domain';
import fc from 'fast-check';
import { MatchingIndex } from '../matching-index';
import { MatchCursor, MatchOptions, assess, sortKey } from '../rank';
import { Candidate, MatchProfile, Period } from '../types';
import { DEFAULT_WEIGHTS } from '../weights';
import { candidateArb, day, profileArb, recognitionArb, weightsArb } from './arbitraries';
import { PERIOD, candidate, profile } from './fixtures';

/** Beyond the starting placements' box, so a move can leave the grid's bounds (the tail must still find it). */
const anywhere = fc.record({ latitude: fc.double({ min: 51.6, max: 51.95, noNaN: true }), longitude: fc.double({ min: 5.2, max: 5.85, noNaN: true }) });

/** A write as the change stream would deliver it: a placement re-read by id and upserted, or removed. */
type Op =
  | { kind: 'new'; fresh: Candidate }
  | { kind: 'change'; target: number; fresh: Candidate; move: boolean }
  | { kind: 'claims'; target: number; fresh: Candidate }
  | { kind: 'recognitions'; target: number; recognitions: Candidate['recognitions'] }
  | { kind: 'remove'; target: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('new' as const), fresh: candidateArb.chain((c) => anywhere.map((location) => ({ ...c, location }))) }),
  fc.record({
    kind: fc.constant('change' as const),
    target: fc.nat(),
    fresh: candidateArb.chain((c) => anywhere.map((location) => ({ ...c, location }))),
    move: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('claims' as const), target: fc.nat(), fresh: candidateArb }),
  fc.record({ kind: fc.constant('recognitions' as const), target: fc.nat(), recognitions: fc.array(recognitionArb, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('remove' as const), target: fc.nat() }),
);

const periodArb: fc.Arbitrary<Period> = fc.tuple(day(-30, 120), fc.integer({ min: 0, max: 150 })).map(([from, days]) => ({ from, to: addDays(from, days) }));
const filterArb = fc.record({
  sectors: fc.subarray(Object.values(Sector), { maxLength: 3 }),
  types: fc.subarray(Object.values(PlacementType), { maxLength: 2 }),
  verified: fc.subarray(Object.values(VerifiableFlag), { maxLength: 2 }),
});

/** Applies one write to the truth (a map by id) and to the patched index alike. */
function apply(op: Op, truth: Map<string, Candidate>, index: MatchingIndex): void {
  const ids = [...truth.keys()];
  if (op.kind === 'new') {
    truth.set(op.fresh.placementId, op.fresh);
    index.upsert(op.fresh);
    return;
  }
  if (ids.length === 0) return;
  const id = ids[op.target % ids.length];
  const old = truth.get(id)!;
  let next: Candidate;
  if (op.kind === 'remove') {
    truth.delete(id);
    expect(index.remove(id)).toBe(true);
    return;
  }
  if (op.kind === 'change') next = { ...op.fresh, placementId: id, location: op.move ? op.fresh.location : old.location };
  else if (op.kind === 'claims')
    next = { ...old, claims: op.fresh.claims, seats: op.fresh.seats, employerStatus: op.fresh.employerStatus, pausedUntil: op.fresh.pausedUntil };
  else next = { ...old, recognitions: op.recognitions, borisFlag: !old.borisFlag };
  truth.set(id, next);
  index.upsert(next);
}

/** Every page of the patched index equals the fresh index's, and so do totals, standings and look-ups. */
function expectSameAnswers(
  patched: MatchingIndex,
  fresh: MatchingIndex,
  p: MatchProfile,
  options: MatchOptions,
  pageSize: number,
  filter: { sectors: Sector[]; types: PlacementType[]; verified: VerifiableFlag[] },
): void {
  let after: MatchCursor | undefined;
  for (;;) {
    const a = patched.query(p, options, pageSize, after, filter);
    const b = fresh.query(p, options, pageSize, after, filter);
    expect(a.total).toBe(b.total);
    expect(a.matches).toEqual(b.matches);
    for (const m of b.matches) expect(patched.standing(p, options, sortKey(m))).toEqual(fresh.standing(p, options, sortKey(m)));
    if (b.matches.length < pageSize) break;
    after = sortKey(b.matches[b.matches.length - 1]);
  }
}

describe('MatchingIndex patched in place', () => {
  it('answers exactly like an index built from scratch after any sequence of upserts and removals', () => {
    let compacted = 0;
    let withTail = 0;
    fc.assert(
      fc.property(
        fc.array(candidateArb, { maxLength: 30 }),
        fc.array(opArb, { maxLength: 40 }),
        fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
        fc.array(fc.tuple(profileArb, periodArb, weightsArb, filterArb, fc.integer({ min: 1, max: 6 })), { minLength: 1, maxLength: 3 }),
        periodArb,
        (start, ops, tailLimit, queries, later) => {
          const truth = new Map(start.map((c) => [c.placementId, c]));
          const patched = new MatchingIndex(start, { tailLimit });
          // Asked before the patches too, so the periods' verdicts it keeps must follow every patch.
          for (const [p, period, weights, filter, pageSize] of queries) patched.query(p, { period, weights }, pageSize, undefined, filter);
          let tailBefore = 0;
          for (const op of ops) {
            apply(op, truth, patched);
            if (patched.tailSize < tailBefore) compacted++;
            tailBefore = patched.tailSize;
          }
          if (patched.tailSize > 0) withTail++;
          const current = [...truth.values()];
          const fresh = new MatchingIndex(current);
          expect(patched.size).toBe(fresh.size);
          for (const c of current) expect(patched.candidate(c.placementId)).toEqual(c);
          for (const [p, period, weights, filter, pageSize] of queries) expectSameAnswers(patched, fresh, p, { period, weights }, pageSize, filter);
          // A period first asked now is judged from the seat claims and recognitions a compaction moved, not from verdicts it kept.
          for (const [p, , weights, filter, pageSize] of queries) expectSameAnswers(patched, fresh, p, { period: later, weights }, pageSize, filter);
        },
      ),
      { numRuns: 300 },
    );
    // Both regimes must be exercised: answers with placements still in the tail, and after compactions.
    // (Counts vary with the random runs, around 20-40 of 300; the floor only proves neither regime went untested.)
    expect(withTail).toBeGreaterThan(10);
    expect(compacted).toBeGreaterThan(10);
  });

  it('answers alike when built from parts as they arrive (the database read in chunks)', () => {
    fc.assert(
      fc.property(
        fc.array(candidateArb, { maxLength: 30 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(profileArb, periodArb, weightsArb, filterArb, fc.integer({ min: 1, max: 6 })), { minLength: 1, maxLength: 3 }),
        (all, partSize, queries) => {
          const loader = MatchingIndex.loader();
          for (let at = 0; at < all.length; at += partSize) loader.add(all.slice(at, at + partSize));
          const loaded = loader.done();
          const whole = new MatchingIndex(all);
          expect(loaded.size).toBe(whole.size);
          for (const [p, period, weights, filter, pageSize] of queries) expectSameAnswers(loaded, whole, p, { period, weights }, pageSize, filter);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("keeps seat claims and a site's load whole when a compaction moves them", () => {
    // Each began before the period asked and ends after it: only its whole span says the seat is taken or the supervisor busy.
    const spanning = [{ startDate: '2027-01-15', endDate: '2027-07-31', status: InternshipStatus.ACTIVE }];
    const gone = candidate();
    const full = candidate({ seats: 1, claims: spanning });
    const busy = candidate({ supervisorCapacity: [1, 1, 1], supervisionCapacity: 1, siteClaims: spanning });
    const open = candidate({ seats: 2, claims: spanning, supervisorCapacity: [2, 2, 2], supervisionCapacity: 2, siteClaims: spanning });
    const index = new MatchingIndex([gone, full, busy, open]);
    // Nothing asked yet, so no verdict is kept: the period is judged from what the compaction moved.
    index.remove(gone.placementId);
    index.compact();
    const { matches, total } = index.query(profile(), { period: PERIOD, weights: DEFAULT_WEIGHTS }, 10);
    expect(matches.map((m) => m.candidate.placementId)).toEqual([open.placementId]);
    expect(total).toBe(1);
  });

  it('forgets a removed placement and refuses to remove it twice', () => {
    const kept = candidate();
    const gone = candidate();
    const index = new MatchingIndex([kept, gone]);
    expect(index.remove(gone.placementId)).toBe(true);
    expect(index.remove(gone.placementId)).toBe(false);
    expect(index.candidate(gone.placementId)).toBeUndefined();
    expect(index.size).toBe(1);
    expect(
      index.query(profile(), { period: { from: '2027-02-01', to: '2027-03-01' }, weights: DEFAULT_WEIGHTS }, 10).matches.map((m) => m.candidate.placementId),
    ).toEqual([kept.placementId]);
  });
});

describe('recognition judged at the period start', () => {
  // Works toward the target crebo (no Boris flag): a valid recognition scores 0.55 + 0.3 for teaching the crebo.
  const recognised = candidate({ crebo: '25254', recognitions: [{ crebos: ['25254'], validFrom: '2027-03-01', validUntil: '2027-08-31' }] });
  const target = profile({ targetCrebo: '25254' });
  const index = new MatchingIndex([recognised]);
  const recognitionLine = (period: Period) => {
    const [m] = index.query(target, { period, weights: DEFAULT_WEIGHTS }, 1).matches;
    const scalar = assess(target, recognised, { period, weights: DEFAULT_WEIGHTS });
    if (scalar.excluded) throw new Error('excluded');
    expect(m.breakdown).toEqual(scalar.breakdown);
    return m.breakdown.find((l) => l.criterion === 'RECOGNITION')!;
  };

  it('counts a recognition only for periods that start while it is valid, whatever day the index was built', () => {
    expect(recognitionLine({ from: '2027-02-15', to: '2027-04-30' }).raw).toBe(0);
    expect(recognitionLine({ from: '2027-03-01', to: '2027-04-30' }).raw).toBe(0.85);
    expect(recognitionLine({ from: '2027-08-31', to: '2027-10-31' }).nl).toContain('crebo 25254');
    expect(recognitionLine({ from: '2027-09-01', to: '2027-10-31' }).raw).toBe(0);
  });
});
