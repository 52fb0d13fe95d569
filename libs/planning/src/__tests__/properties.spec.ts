import { assess } from '@stagebank/matching';
import { candidateArb, period, profileArb, weightsArb } from '../../../matching/src/__tests__/arbitraries';
import fc from 'fast-check';
import { FairnessRule, Outcome, PlanCandidate, PlanInput, PlanResult, buildWorld, greedyInListOrder, planCohort, rankAll } from '..';

/** Small random worlds: a few students of two schools, a few placements on two sites, random candidate pairs. */
const worldArb = (maxStudents: number) =>
  fc
    .record({
      students: fc.integer({ min: 1, max: maxStudents }),
      placements: fc.array(fc.record({ site: fc.integer({ min: 0, max: 1 }), seats: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 4 }),
      siteCaps: fc.tuple(fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }), fc.option(fc.integer({ min: 0, max: 3 }), { nil: null })),
      pairs: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 100 }), fc.boolean(), fc.boolean()), { maxLength: 24 }),
      schools: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: maxStudents, maxLength: maxStudents }),
      priority: fc.array(fc.boolean(), { minLength: maxStudents, maxLength: maxStudents }),
    })
    .map(({ students, placements, siteCaps, pairs, schools, priority }): PlanInput => {
      const candidates: PlanCandidate[] = [];
      const seen = new Set<string>();
      for (const [s, p, score, firstChoice, usesSite] of pairs) {
        const studentId = `s${s % students}`;
        const placementId = `p${p % placements.length}`;
        if (seen.has(studentId + placementId)) continue;
        seen.add(studentId + placementId);
        candidates.push({ studentId, placementId, score, distanceKm: 1, travelMinutes: 5, rank: 0, firstChoice, usesSiteSupervision: usesSite });
      }
      // Ranks as matchPlacements gives them: best score first, then by id.
      for (let i = 0; i < students; i++) {
        candidates
          .filter((c) => c.studentId === `s${i}`)
          .sort((a, b) => b.score - a.score || (a.placementId < b.placementId ? -1 : 1))
          .forEach((c, k) => (c.rank = k + 1));
      }
      return {
        students: Array.from({ length: students }, (_, i) => ({ id: `s${i}`, schoolId: `school${schools[i]}`, priority: priority[i] })),
        placements: placements.map((p, i) => ({ id: `p${i}`, siteId: `site${p.site}`, freeSeats: p.seats })),
        sites: [0, 1].map((i) => ({ id: `site${i}`, freeCapacity: siteCaps[i] })),
        candidates,
      };
    });

function assertFeasible(input: PlanInput, result: PlanResult): void {
  const seats = new Map<string, number>();
  const supervision = new Map<string, number>();
  const placement = new Map(input.placements.map((p) => [p.id, p]));
  const forbidden = new Set((input.locks?.forbidden ?? []).map((f) => f.studentId + '|' + f.placementId));
  const existing = new Set((input.locks?.existing ?? []).map((e) => e.studentId));
  for (const plan of result.students) {
    if (!plan.candidate || plan.outcome === Outcome.EXISTING) continue;
    expect(existing.has(plan.studentId)).toBe(false);
    const c = plan.candidate;
    expect(input.candidates.some((x) => x.studentId === plan.studentId && x.placementId === c.placementId)).toBe(true);
    expect(forbidden.has(plan.studentId + '|' + c.placementId)).toBe(false);
    seats.set(c.placementId, (seats.get(c.placementId) ?? 0) + 1);
    if (c.usesSiteSupervision) supervision.set(placement.get(c.placementId)!.siteId, (supervision.get(placement.get(c.placementId)!.siteId) ?? 0) + 1);
  }
  for (const [id, n] of seats) expect(n).toBeLessThanOrEqual(placement.get(id)!.freeSeats);
  for (const site of input.sites) if (site.freeCapacity !== null) expect(supervision.get(site.id) ?? 0).toBeLessThanOrEqual(site.freeCapacity);
  expect(new Set(result.students.map((s) => s.studentId)).size).toBe(input.students.length);
}

/** Every feasible assignment, by brute force: the best (priority placed, placed) pair. */
function bruteForce(input: PlanInput): { priority: number; placed: number } {
  const placement = new Map(input.placements.map((p) => [p.id, p]));
  const site = new Map(input.sites.map((s) => [s.id, s]));
  const options = input.students.map((s) => input.candidates.filter((c) => c.studentId === s.id));
  let best = { priority: 0, placed: 0 };
  const seats = new Map<string, number>();
  const supervision = new Map<string, number>();
  const walk = (i: number, priority: number, placed: number) => {
    if (i === input.students.length) {
      if (priority > best.priority || (priority === best.priority && placed > best.placed)) best = { priority, placed };
      return;
    }
    walk(i + 1, priority, placed);
    for (const c of options[i]) {
      const p = placement.get(c.placementId)!;
      const cap = site.get(p.siteId)?.freeCapacity ?? null;
      if ((seats.get(p.id) ?? 0) >= p.freeSeats) continue;
      if (c.usesSiteSupervision && cap !== null && (supervision.get(p.siteId) ?? 0) >= cap) continue;
      seats.set(p.id, (seats.get(p.id) ?? 0) + 1);
      if (c.usesSiteSupervision) supervision.set(p.siteId, (supervision.get(p.siteId) ?? 0) + 1);
      walk(i + 1, priority + (input.students[i].priority ? 1 : 0), placed + 1);
      seats.set(p.id, seats.get(p.id)! - 1);
      if (c.usesSiteSupervision) supervision.set(p.siteId, supervision.get(p.siteId)! - 1);
    }
  };
  walk(0, 0, 0);
  return best;
}

const shuffle = <T>(xs: T[], seed: number): T[] => {
  const out = [...xs];
  let s = seed + 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 48271) % 2147483647;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

describe('cohort planning on random worlds', () => {
  it('never exceeds a seat or a site supervision capacity, and places each student at most once', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb(6), async (input) => {
        assertFeasible(input, await planCohort(input));
      }),
      { numRuns: 80 },
    );
  });

  it('places as many of the priority group, then as many students, as brute force can', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb(5), async (input) => {
        const result = await planCohort(input);
        const best = bruteForce(input);
        expect(result.priorityPlaced).toBe(best.priority);
        expect(result.placed).toBe(best.placed);
        // And never fewer than placing one by one.
        if (!input.students.some((s) => s.priority)) expect(result.placed).toBeGreaterThanOrEqual(greedyInListOrder(input).placed);
      }),
      { numRuns: 80 },
    );
  });

  it('gives the same plan whatever order the input comes in, even with equal scores', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb(6), fc.nat(1000), fc.boolean(), async (input, seed, flatten) => {
        const world = flatten ? { ...input, candidates: input.candidates.map((c) => ({ ...c, score: 50 })) } : input;
        const a = await planCohort(world);
        const b = await planCohort({
          ...world,
          students: shuffle(world.students, seed),
          placements: shuffle(world.placements, seed + 1),
          sites: shuffle(world.sites, seed + 2),
          candidates: shuffle(world.candidates, seed + 3),
        });
        expect(b.students.map((s) => [s.studentId, s.candidate?.placementId ?? null])).toEqual(
          a.students.map((s) => [s.studentId, s.candidate?.placementId ?? null]),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('holds the locks: existing internships, pins, forbidden pairs and excluded students', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb(6), fc.nat(), fc.nat(), fc.nat(), async (input, a, b, c) => {
        const pairs = input.candidates;
        if (pairs.length === 0) return;
        const pin = pairs[a % pairs.length];
        const forbid = pairs[b % pairs.length];
        const exclude = input.students[c % input.students.length].id;
        const existing = input.students.find((s) => s.id !== pin.studentId && s.id !== exclude && s.id !== forbid.studentId);
        const locks = {
          pins: [{ studentId: pin.studentId, placementId: pin.placementId }],
          forbidden: forbid === pin ? [] : [{ studentId: forbid.studentId, placementId: forbid.placementId }],
          excluded: exclude === pin.studentId ? [] : [exclude],
          existing: existing ? [{ studentId: existing.id, placementId: 'elsewhere' }] : [],
        };
        const withLocks = { ...input, locks };
        const result = await planCohort(withLocks);
        assertFeasible(withLocks, result);
        const planOf = (id: string) => result.students.find((s) => s.studentId === id)!;
        const p = input.placements.find((x) => x.id === pin.placementId)!;
        const cap = input.sites.find((s) => s.id === p.siteId)!.freeCapacity;
        const pinFits = p.freeSeats > 0 && (!pin.usesSiteSupervision || cap === null || cap > 0);
        if (pinFits) expect([planOf(pin.studentId).outcome, planOf(pin.studentId).candidate?.placementId]).toEqual([Outcome.PINNED, pin.placementId]);
        else expect(planOf(pin.studentId).notPlacedReason).toBe('PIN_NOT_POSSIBLE');
        for (const id of locks.excluded) expect(planOf(id).outcome).toBe(Outcome.EXCLUDED);
        if (existing) expect(planOf(existing.id).outcome).toBe(Outcome.EXISTING);
      }),
      { numRuns: 60 },
    );
  });

  it('meets the scarce-seat floor when it can, and reports what fairness cost', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb(6), fc.constantFrom(0.5, 1), async (input, floor) => {
        const result = await planCohort({ ...input, settings: { fairness: { rule: FairnessRule.SCARCE_SEAT_FLOOR, floor } } });
        assertFeasible(input, result);
        const plain = await planCohort(input);
        expect(result.fairness!.totalScoreWithout).toBe(plain.totalScore);
        expect(result.fairness!.costInPlaced).toBe(plain.placed - result.placed);
        // Fairness ranks above the priority group and the count: it may place fewer of them and so
        // end with a higher total score than the plain plan (a negative score cost).
        const gaveUpMore = plain.placed > result.placed || plain.priorityPlaced > result.priorityPlaced;
        expect(result.fairness!.costInTotalScore).toBeGreaterThanOrEqual(-0.01 - (gaveUpMore ? Infinity : 0));
        for (const school of result.schools) {
          const short = Math.max(0, school.scarceSeatFloor! - school.scarceSeats);
          expect(short).toBeLessThanOrEqual(result.fairness!.shortfall + 1e-6);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('never proposes a placement that breaks a hard limit (worlds ranked by matching itself)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(profileArb, { minLength: 1, maxLength: 5 }),
        fc.array(candidateArb, { minLength: 1, maxLength: 8 }),
        weightsArb,
        async (profiles, candidates, weights) => {
          const unique = candidates.filter((c, i) => candidates.findIndex((d) => d.placementId === c.placementId) === i);
          const students = profiles.map((profile, i) => ({ id: `s${i}`, schoolId: 'school', priority: false, profile }));
          const world = buildWorld(students, rankAll(unique), { period, weights }, 10);
          const result = await planCohort(world);
          assertFeasible(world, result);
          for (const plan of result.students) {
            if (!plan.candidate) continue;
            const placement = unique.find((c) => c.placementId === plan.candidate!.placementId)!;
            expect(assess(students.find((s) => s.id === plan.studentId)!.profile, placement, { period, weights }).excluded).toBe(false);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
