import {
  Audience,
  Certificate,
  EmployerStatus,
  InternshipStatus,
  OCCUPYING_STATUSES,
  PaidJobChance,
  PlacementType,
  Sector,
  StudentConstraint,
  SupportLevel,
  TravelMode,
  Weekday,
  addDays,
} from '@stagebank/domain';
import fc from 'fast-check';
import { MatchingIndex } from '../matching-index';
import { MatchCursor, rankCandidates, sortKey } from '../rank';
import { DetourTravelTimeProvider, haversineKm } from '../travel-time';
import { Candidate, Criterion, Match, MatchProfile, Period, Weights } from '../types';
import { DEFAULT_WEIGHTS } from '../weights';
import { OSS } from './fixtures';

const RANK: Record<SupportLevel, number> = { LIGHT: 1, MODERATE: 2, INTENSIVE: 3 };
const travel = new DetourTravelTimeProvider();

/** The hard limits written out plainly, independent of the engine's code. */
function passesHardLimits(p: MatchProfile, c: Candidate, period: Period): boolean {
  const km = Math.round(haversineKm(p.home, c.location) * 10) / 10;
  const taken = c.claims.filter((x) => OCCUPYING_STATUSES.includes(x.status) && x.startDate <= period.to && x.endDate >= period.from).length;
  return (
    c.employerStatus !== EmployerStatus.STOPPED &&
    !(c.employerStatus === EmployerStatus.PAUSED && c.pausedUntil! >= period.from) &&
    c.audiences.includes(p.audience) &&
    c.availableFrom <= period.from &&
    (c.availableUntil === null || c.availableUntil >= period.to) &&
    taken < c.seats &&
    km <= p.maxTravelKm &&
    (p.maxTravelMinutes === null || travel.minutes(p.travelMode, km) <= p.maxTravelMinutes) &&
    (RANK[c.supervisionLevel] >= RANK[p.supportNeed] || c.schoolSupervisorRequired) &&
    !(p.constraints.includes(StudentConstraint.WHEELCHAIR) && !c.wheelchairAccessible) &&
    !(p.constraints.includes(StudentConstraint.NO_WEEKENDS) && c.weekendWork) &&
    !(p.constraints.includes(StudentConstraint.NO_CUSTOMER_CONTACT) && c.customerContact) &&
    !(p.constraints.includes(StudentConstraint.QUIET_WORKPLACE) && !c.quietWorkplace) &&
    c.requiredCertificates.every((cert) => p.certificates.includes(cert))
  );
}

const day = (min: number, max: number) => fc.integer({ min, max }).map((n) => addDays('2027-01-01', n));
const some = <T>(values: readonly T[], maxLength = values.length) => fc.uniqueArray(fc.constantFrom(...values), { maxLength });
/** True one time in four: most generated placements pass a given limit, but every limit gets hit. */
const rarely = fc.integer({ min: 0, max: 3 }).map((n) => n === 0);
const mostly = rarely.map((b) => !b);
const near = fc.record({ latitude: fc.double({ min: 51.7, max: 51.83, noNaN: true }), longitude: fc.double({ min: 5.4, max: 5.65, noNaN: true }) });

const profileArb: fc.Arbitrary<MatchProfile> = fc.record({
  audience: fc.constantFrom(...Object.values(Audience)),
  home: fc.constant(OSS),
  travelMode: fc.constantFrom(...Object.values(TravelMode)),
  maxTravelKm: fc.integer({ min: 4, max: 20 }),
  maxTravelMinutes: fc.option(fc.integer({ min: 20, max: 90 }), { nil: null }),
  sectorPreferences: some(Object.values(Sector), 3),
  interests: some(['koken', 'dieren', 'helpen', 'vakken', 'auto', 'magazijn'], 3),
  supportNeed: fc.constantFrom(...Object.values(SupportLevel)),
  constraints: some(Object.values(StudentConstraint), 1),
  certificates: some(Object.values(Certificate), 2),
  finalYear: fc.boolean(),
  targetCrebo: fc.option(fc.constantFrom('25254', '25251'), { nil: null }),
  availableDays: some(Object.values(Weekday), 5),
});

/** Recognitions that start or end around the test period's start, so validity at period.from matters. */
const recognitionArb = fc.record({
  crebos: some(['25254', '25251', '25253']).filter((c) => c.length > 0),
  validFrom: day(-400, 60),
  validUntil: fc.option(day(0, 90), { nil: null }),
}).map((r) => ({ ...r, validUntil: r.validUntil !== null && r.validUntil < r.validFrom ? r.validFrom : r.validUntil }));

let counter = 0;
const candidateArb: fc.Arbitrary<Candidate> = fc
  .record({
    title: fc.constantFrom('Vakkenvuller', 'Medewerker keuken', 'Dierverzorger', 'Magazijnmedewerker'),
    tasks: some(['koken', 'dieren voeren', 'bewoners helpen', 'vakken vullen', 'auto wassen'], 3),
    sector: fc.constantFrom(...Object.values(Sector)),
    employerSectors: some(Object.values(Sector), 2),
    type: fc.constantFrom(...Object.values(PlacementType)),
    seats: fc.integer({ min: 0, max: 3 }),
    claims: fc.array(
      fc.tuple(day(0, 200), fc.integer({ min: 0, max: 120 }), fc.constantFrom(...Object.values(InternshipStatus))).map(([s, len, status]) => ({
        startDate: s,
        endDate: addDays(s, len),
        status,
      })),
      { maxLength: 3 },
    ),
    days: some(Object.values(Weekday), 4),
    weekendWork: rarely,
    customerContact: rarely,
    quietWorkplace: mostly,
    wheelchairAccessible: mostly,
    requiredCertificates: rarely.chain((b): fc.Arbitrary<Certificate[]> => (b ? some(Object.values(Certificate), 1) : fc.constant([]))),
    audiences: mostly.chain((b) => (b ? fc.constant(Object.values(Audience)) : some(Object.values(Audience)))),
    supervisionLevel: fc.constantFrom(...Object.values(SupportLevel)),
    schoolSupervisorRequired: fc.boolean(),
    allowancePaid: fc.boolean(),
    paidJobChance: fc.constantFrom(...Object.values(PaidJobChance)),
    availableFrom: day(-60, 60),
    availableUntil: fc.option(day(60, 400), { nil: null }),
    employerStatus: fc.constantFrom(EmployerStatus.ACTIVE, EmployerStatus.ACTIVE, EmployerStatus.PAUSED, EmployerStatus.STOPPED),
    pausedUntil: day(0, 90),
    recognitions: fc.array(recognitionArb, { maxLength: 2 }),
    borisFlag: fc.boolean(),
    supervisionCapacity: fc.integer({ min: 0, max: 5 }),
    trainedSupervisors: fc.integer({ min: 0, max: 2 }),
    experience: fc.option(fc.record({ mean: fc.double({ min: 1, max: 5, noNaN: true }), count: fc.integer({ min: 1, max: 9 }) }), { nil: null }),
    location: near,
  })
  .map((c) => {
    const id = `00000000-0000-4000-9000-${String(counter++).padStart(12, '0')}`;
    return { ...c, placementId: id, employerId: id, siteId: id };
  });

const period: Period = { from: '2027-02-01', to: '2027-05-31' };
const weightsArb: fc.Arbitrary<Weights> = fc.record(
  Object.fromEntries(Object.values(Criterion).map((c) => [c, fc.integer({ min: 0, max: 100 })])) as Record<Criterion, fc.Arbitrary<number>>,
).filter((w) => Object.values(w).some((x) => x > 0));

const dataset = fc.tuple(profileArb, fc.array(candidateArb, { minLength: 0, maxLength: 40 }), weightsArb);

describe('matching properties (random small datasets)', () => {
  it('returns exactly the placements that pass every hard limit', () => {
    let runsWithMatches = 0;
    fc.assert(
      fc.property(dataset, ([p, candidates, weights]) => {
        const returned = new Set(rankCandidates(p, candidates, { period, weights }).map((m) => m.candidate.placementId));
        const expected = new Set(candidates.filter((c) => passesHardLimits(p, c, period)).map((c) => c.placementId));
        expect(returned).toEqual(expected);
        if (returned.size > 0) runsWithMatches++;
      }),
      { numRuns: 300 },
    );
    // The generators must produce datasets where something matches, or this proves little.
    expect(runsWithMatches).toBeGreaterThan(30);
  });

  it('scores 0–100 with a breakdown that adds up to the score', () => {
    fc.assert(
      fc.property(dataset, ([p, candidates, weights]) => {
        for (const m of rankCandidates(p, candidates, { period, weights })) {
          expect(m.score).toBeGreaterThanOrEqual(0);
          expect(m.score).toBeLessThanOrEqual(100);
          expect(Math.abs(m.breakdown.reduce((s, l) => s + l.points, 0) - m.score)).toBeLessThan(1e-6);
          for (const line of m.breakdown) {
            expect(line.raw).toBeGreaterThanOrEqual(0);
            expect(line.raw).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('ranks in a total, stable order whatever the input order', () => {
    fc.assert(
      fc.property(dataset, fc.func(fc.integer()), ([p, candidates], shuffleKey) => {
        const a = rankCandidates(p, candidates, { period, weights: DEFAULT_WEIGHTS });
        const shuffled = [...candidates].sort((x, y) => shuffleKey(x.placementId) - shuffleKey(y.placementId));
        const b = rankCandidates(p, shuffled, { period, weights: DEFAULT_WEIGHTS });
        expect(b.map((m) => m.candidate.placementId)).toEqual(a.map((m) => m.candidate.placementId));
        for (let i = 1; i < a.length; i++) {
          const [prev, cur] = [a[i - 1], a[i]];
          expect(prev.score > cur.score || (prev.score === cur.score && prev.distanceKm <= cur.distanceKm)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('pages with a cursor give the full ranking, without gaps or repeats', () => {
    fc.assert(
      fc.property(dataset, fc.integer({ min: 1, max: 7 }), ([p, candidates, weights], pageSize) => {
        const all = rankCandidates(p, candidates, { period, weights });
        const paged: Match[] = [];
        let after: MatchCursor | undefined;
        for (;;) {
          const page = rankCandidates(p, candidates, { period, weights }, after).slice(0, pageSize);
          paged.push(...page);
          if (page.length < pageSize) break;
          after = sortKey(page[page.length - 1]);
        }
        expect(paged.map((m) => m.candidate.placementId)).toEqual(all.map((m) => m.candidate.placementId));
      }),
      { numRuns: 150 },
    );
  });

  it('MatchingIndex gives exactly the reference ranking, page by page, and the same total', () => {
    fc.assert(
      fc.property(dataset, fc.integer({ min: 1, max: 6 }), fc.subarray(Object.values(Sector)), ([p, candidates, weights], pageSize, sectors) => {
        const index = new MatchingIndex(candidates);
        const filter = sectors.length ? { sectors } : {};
        const reference = rankCandidates(p, sectors.length ? candidates.filter((c) => sectors.includes(c.sector)) : candidates, { period, weights });
        const paged: Match[] = [];
        let after: MatchCursor | undefined;
        for (;;) {
          const { matches, total } = index.query(p, { period, weights }, pageSize, after, filter);
          if (!after) expect(total).toBe(reference.length);
          paged.push(...matches);
          if (matches.length < pageSize) break;
          after = sortKey(matches[matches.length - 1]);
        }
        expect(paged.map((m) => [m.candidate.placementId, m.score])).toEqual(reference.map((m) => [m.candidate.placementId, m.score]));
        expect(paged.map((m) => m.breakdown)).toEqual(reference.map((m) => m.breakdown));
      }),
      { numRuns: 200 },
    );
  });
});
