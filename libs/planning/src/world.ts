import { SUPPORT_RANK, freeSeatsDuring, overlappingClaims } from '@stagebank/domain';
import { Candidate, Match, MatchOptions, MatchProfile, rankCandidates } from '@stagebank/matching';
import { PlanCandidate, PlanInput, PlanPlacement, PlanSite, PlanStudent } from './types';

/** A student with what matching needs to rank placements for them. */
export interface WorldStudent extends PlanStudent {
  profile: MatchProfile;
}

/** The ranked placements of one profile, best first, as matchPlacements ranks them (at most `first`). */
export type RankSource = (profile: MatchProfile, options: MatchOptions, first: number) => Match[];

/** The reference source: every candidate judged in full (tests and small worlds); the API uses the MatchingIndex. */
export const rankAll =
  (candidates: Candidate[]): RankSource =>
  (profile, options, first) =>
    rankCandidates(profile, candidates, options).slice(0, first);

/** True when the placement's supervision is the site's own (a group placement brings a school supervisor when below the need). */
const usesSiteSupervision = (c: Candidate, profile: MatchProfile) =>
  !(c.schoolSupervisorRequired && SUPPORT_RANK[c.supervisionLevel] < SUPPORT_RANK[profile.supportNeed]);

/**
 * The planning world for a group: each student's best `perStudent` placements from the same hard
 * limits and scores as matchPlacements (so their ranks are the ranks in that list), each
 * placement's free seats in the period and each site's free supervision capacity. `siteLoad`
 * gives the students a site's supervisors already guide in the period when the caller knows all
 * of the site's placements (the API counts them in the database); without it, the load is counted
 * from the placements seen here.
 */
export function buildWorld(
  students: WorldStudent[],
  source: RankSource,
  options: MatchOptions | ((student: WorldStudent) => MatchOptions),
  perStudent: number,
  siteLoad?: Map<string, number>,
): Omit<PlanInput, 'locks' | 'settings'> {
  const optionsOf = typeof options === 'function' ? options : () => options;
  if (students.length === 0) return { students: [], placements: [], sites: [], candidates: [] };
  // One period for the whole group: every new internship of the plan runs over it.
  const { period } = optionsOf(students[0]);
  const candidates: PlanCandidate[] = [];
  const placements = new Map<string, PlanPlacement>();
  const seen = new Map<string, Candidate>();
  for (const s of students) {
    const matches = source(s.profile, optionsOf(s), perStudent);
    matches.forEach((m, i) => {
      const c = m.candidate;
      seen.set(c.placementId, c);
      if (!placements.has(c.placementId))
        placements.set(c.placementId, { id: c.placementId, siteId: c.siteId, freeSeats: freeSeatsDuring(c.seats, c.claims, period.from, period.to) });
      candidates.push({
        studentId: s.id,
        placementId: c.placementId,
        score: m.score,
        distanceKm: m.distanceKm,
        travelMinutes: m.travelMinutes,
        rank: i + 1,
        firstChoice: s.profile.sectorPreferences.length > 0 && c.sector === s.profile.sectorPreferences[0],
        usesSiteSupervision: usesSiteSupervision(c, s.profile),
      });
    });
  }
  const sites = new Map<string, PlanSite>();
  const load = new Map<string, number>();
  for (const c of seen.values()) {
    if (!siteLoad) load.set(c.siteId, (load.get(c.siteId) ?? 0) + overlappingClaims(c.claims, period.from, period.to).length);
    // No supervisors recorded means no known limit, not none: matching does not exclude such placements either.
    if (!sites.has(c.siteId)) sites.set(c.siteId, { id: c.siteId, freeCapacity: c.supervisionCapacity > 0 ? c.supervisionCapacity : null });
  }
  for (const site of sites.values()) {
    if (site.freeCapacity !== null) site.freeCapacity = Math.max(0, site.freeCapacity - ((siteLoad ?? load).get(site.id) ?? 0));
  }
  return {
    students: students.map(({ id, schoolId, priority }) => ({ id, schoolId, priority })),
    placements: [...placements.values()],
    sites: [...sites.values()],
    candidates,
  };
}

/**
 * The way it is done today, for comparison: students one by one in list order, each taking the
 * best-ranked placement that still has a seat and supervision left.
 */
export function greedyInListOrder(input: Omit<PlanInput, 'locks' | 'settings'>): {
  placed: number;
  totalScore: number;
  firstChoicesHonoured: number;
  assignment: Map<string, PlanCandidate>;
} {
  const seats = new Map(input.placements.map((p) => [p.id, p.freeSeats]));
  const siteOf = new Map(input.placements.map((p) => [p.id, p.siteId]));
  const supervision = new Map(input.sites.map((s) => [s.id, s.freeCapacity]));
  const byStudent = new Map<string, PlanCandidate[]>();
  for (const c of input.candidates) {
    const list = byStudent.get(c.studentId);
    if (list) list.push(c);
    else byStudent.set(c.studentId, [c]);
  }
  const assignment = new Map<string, PlanCandidate>();
  for (const s of input.students) {
    const list = (byStudent.get(s.id) ?? []).sort((a, b) => a.rank - b.rank);
    for (const c of list) {
      const site = siteOf.get(c.placementId)!;
      const cap = supervision.get(site) ?? null;
      if ((seats.get(c.placementId) ?? 0) <= 0 || (c.usesSiteSupervision && cap !== null && cap <= 0)) continue;
      seats.set(c.placementId, seats.get(c.placementId)! - 1);
      if (c.usesSiteSupervision && cap !== null) supervision.set(site, cap - 1);
      assignment.set(s.id, c);
      break;
    }
  }
  const chosen = [...assignment.values()];
  return {
    placed: chosen.length,
    totalScore: Math.round(chosen.reduce((sum, c) => sum + c.score, 0) * 100) / 100,
    firstChoicesHonoured: chosen.filter((c) => c.firstChoice).length,
    assignment,
  };
}
