import { SUPPORT_RANK, SupportLevel, holdsSeat } from '@stagebank/domain';
import { Candidate, Period } from './types';

const LEVELS: readonly SupportLevel[] = [SupportLevel.LIGHT, SupportLevel.MODERATE, SupportLevel.INTENSIVE];

/** Whether the site records any supervisor who can take a student. */
export const recordsSupervisors = (c: Pick<Candidate, 'supervisorCapacity'>): boolean => c.supervisorCapacity[0] > 0;

/**
 * The supervision the placement can really give: its claimed level, capped by the most intensive
 * supervisor on the site. A site without recorded supervisors keeps the claimed level (the claim is
 * all there is to go on, and the explanation says so).
 */
export function effectiveSupervisionLevel(c: Pick<Candidate, 'supervisionLevel' | 'supervisorCapacity'>): SupportLevel {
  if (!recordsSupervisors(c)) return c.supervisionLevel;
  let best = 0;
  for (let rank = 1; rank <= 3; rank++) if (c.supervisorCapacity[rank - 1] > 0) best = rank;
  return LEVELS[Math.min(best, SUPPORT_RANK[c.supervisionLevel]) - 1];
}

/** Seat-holding claims at the site overlapping the period: the students its supervisors already guide then. */
export function siteLoad(claims: Candidate['siteClaims'], from: string, to: string): number {
  let load = 0;
  for (const c of claims) if (c.startDate <= to && c.endDate >= from && holdsSeat(c)) load++;
  return load;
}

/**
 * Students one more of whom the site's supervisors can take at the support level needed, during the
 * period: those able to give that intensity, less the students already there (who are assumed to be
 * with the lighter supervisors first, as a coordinator would arrange it). Null without recorded supervisors.
 */
export function supervisionRoom(capacity: readonly number[], rank: number, load: number): number | null {
  if (capacity[0] <= 0) return null;
  return Math.max(0, Math.min(capacity[rank - 1], capacity[0] - load));
}

/** Supervisors as stored (intensity, how many at once) → capacity per support level, for Candidate.supervisorCapacity. */
export function capacityByLevel(supervisors: ReadonlyArray<{ intensity: SupportLevel; maxStudents: number }>): [number, number, number] {
  const capacity: [number, number, number] = [0, 0, 0];
  for (const s of supervisors) for (let rank = 1; rank <= SUPPORT_RANK[s.intensity]; rank++) capacity[rank - 1] += Math.max(0, s.maxStudents);
  return capacity;
}

export interface SupervisionCheck {
  level: SupportLevel;
  /** Room at the level needed in the period; null without recorded supervisors. */
  room: number | null;
  /** Why the supervision limit is broken: the level is too light, or every able supervisor is full; null when it holds. */
  short: 'LEVEL' | 'FULL' | null;
}

/** The supervision hard limit for one student and period. A group placement brings a school supervisor, so it never fails. */
export function checkSupervision(c: Candidate, need: SupportLevel, period: Period): SupervisionCheck {
  const level = effectiveSupervisionLevel(c);
  const rank = SUPPORT_RANK[need];
  const room = supervisionRoom(c.supervisorCapacity, rank, siteLoad(c.siteClaims, period.from, period.to));
  if (c.schoolSupervisorRequired) return { level, room, short: null };
  if (SUPPORT_RANK[level] < rank) return { level, room, short: 'LEVEL' };
  if (room !== null && room <= 0) return { level, room, short: 'FULL' };
  return { level, room, short: null };
}
