import { EmployerStatus, OCCUPYING_STATUSES, Sector, StudentConstraint, SupportLevel, VerifiableFlag } from '@stagebank/domain';
import fc from 'fast-check';
import { MatchingIndex, ROUNDING_SLACK } from '../matching-index';
import { MatchCursor, rankCandidates, sortKey } from '../rank';
import { geodesicKm } from '../distance';
import { DetourTravelTimeProvider } from '../travel-time';
import { Candidate, Match, MatchProfile, Period } from '../types';
import { DEFAULT_WEIGHTS } from '../weights';
import { candidateArb, period, profileArb, weightsArb } from './arbitraries';

const RANK: Record<SupportLevel, number> = { LIGHT: 1, MODERATE: 2, INTENSIVE: 3 };
const travel = new DetourTravelTimeProvider();

/** The hard limits written out plainly, independent of the engine's code. */
function passesHardLimits(p: MatchProfile, c: Candidate, period: Period): boolean {
  const km = geodesicKm(p.home, c.location);
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
    (c.schoolSupervisorRequired || supervisorsCanTake(p, c, period)) &&
    !(p.constraints.includes(StudentConstraint.WHEELCHAIR) && !c.wheelchairAccessible) &&
    !(p.constraints.includes(StudentConstraint.NO_WEEKENDS) && c.weekendWork) &&
    !(p.constraints.includes(StudentConstraint.NO_CUSTOMER_CONTACT) && c.customerContact) &&
    !(p.constraints.includes(StudentConstraint.QUIET_WORKPLACE) && !c.quietWorkplace) &&
    c.requiredCertificates.every((cert) => p.certificates.includes(cert)) &&
    // Reserved for another school through the period's first day.
    !(c.reservation && c.reservation.until >= period.from && c.reservation.organisationId !== p.organisationId) &&
    c.requiredQualifications.every((r) =>
      p.qualifications.some((q) =>
        r.crebo !== null ? q.crebo === r.crebo && (r.level === null || (q.level ?? 0) >= r.level) : q.name?.toLowerCase() === r.name?.toLowerCase(),
      ),
    )
  );
}

/** The claimed level, and when the site records supervisors: one of them able to give the need, and room left after the site's current students. */
function supervisorsCanTake(p: MatchProfile, c: Candidate, period: Period): boolean {
  const need = RANK[p.supportNeed];
  if (RANK[c.supervisionLevel] < need) return false;
  if (c.supervisorCapacity[0] === 0) return true;
  const load = c.siteClaims.filter((x) => OCCUPYING_STATUSES.includes(x.status) && x.startDate <= period.to && x.endDate >= period.from).length;
  return c.supervisorCapacity[need - 1] > 0 && c.supervisorCapacity[0] - load > 0;
}

const dataset = fc.tuple(profileArb, fc.array(candidateArb, { minLength: 0, maxLength: 40 }), weightsArb);

describe('matching properties (random small datasets)', () => {
  it('bounds every score from above before scoring it, so no query stops early past a placement that belongs on its page', () => {
    fc.assert(
      fc.property(dataset, ([p, candidates, weights]) => {
        const bounds = new Map(new MatchingIndex(candidates).scoreBounds(p, { period, weights }).map((b) => [b.placementId, b.bound]));
        const reference = rankCandidates(p, candidates, { period, weights });
        expect(bounds.size).toBe(reference.length);
        for (const m of reference) expect(bounds.get(m.candidate.placementId)! + ROUNDING_SLACK).toBeGreaterThanOrEqual(m.score);
      }),
      { numRuns: 300 },
    );
  });

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

  it('a "verified only" filter keeps exactly the placements where a coach verified every flag asked for', () => {
    /** Written out plainly: what each flag needs to count as verified to hold. */
    const verified = (c: Candidate, flag: VerifiableFlag) =>
      flag === VerifiableFlag.WHEELCHAIR_ACCESS
        ? c.wheelchairAccessible && c.wheelchairVerifiedOn !== null
        : flag === VerifiableFlag.AUDIENCE_SUITABILITY
          ? c.audiencesVerifiedOn !== null
          : c.verifiedTrainedSupervisors > 0;
    fc.assert(
      fc.property(dataset, fc.subarray(Object.values(VerifiableFlag)), ([p, candidates, weights], flags) => {
        const { matches, total } = new MatchingIndex(candidates).query(p, { period, weights }, 1000, undefined, { verified: flags });
        const reference = rankCandidates(
          p,
          candidates.filter((c) => flags.every((f) => verified(c, f))),
          { period, weights },
        );
        expect(total).toBe(reference.length);
        expect(matches.map((m) => m.candidate.placementId)).toEqual(reference.map((m) => m.candidate.placementId));
        expect(matches.map((m) => m.flagNotes)).toEqual(reference.map((m) => m.flagNotes));
      }),
      { numRuns: 200 },
    );
  });
});
