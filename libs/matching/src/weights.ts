import { Criterion, Weights } from './types';

/**
 * Default weights, each 0–100; the score normalises by their sum. Sector preference and travel
 * dominate, as in coordinators' own accounts; the rest break ties between suitable placements.
 */
export const DEFAULT_WEIGHTS: Weights = {
  [Criterion.SECTOR]: 30,
  [Criterion.TASKS]: 20,
  [Criterion.TRAVEL]: 20,
  [Criterion.SUPERVISION]: 10,
  [Criterion.EXPERIENCE]: 10,
  [Criterion.RECOGNITION]: 8,
  [Criterion.PAID_JOB]: 6,
  [Criterion.SCHEDULE]: 5,
  [Criterion.ALLOWANCE]: 3,
  [Criterion.EXIT_PROFILE]: 10,
  [Criterion.TRACK_RECORD]: 10,
};

export const MAX_WEIGHT = 100;

/** Returns the problems with a set of weights (empty when valid). */
export function weightProblems(weights: Weights): Array<{ criterion: Criterion | null; message: string }> {
  const problems: Array<{ criterion: Criterion | null; message: string }> = [];
  for (const criterion of Object.values(Criterion)) {
    const w = weights[criterion];
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0 || w > MAX_WEIGHT) {
      problems.push({ criterion, message: `must be a number from 0 to ${MAX_WEIGHT}` });
    }
  }
  if (problems.length === 0 && Object.values(Criterion).every((c) => weights[c] === 0)) {
    problems.push({ criterion: null, message: 'at least one weight must be above 0' });
  }
  return problems;
}
