import { rankCandidates } from '../src/rank';
import { DEFAULT_WEIGHTS } from '../src/weights';
import { Scenario, SCENARIO_PERIOD, keyOf, scenarioCandidates, scenarioProfile } from './world';

export interface ScenarioResult {
  id: string;
  expected: string[];
  ranked: string[];
  /** The coordinator's first choice is the engine's first. */
  top1: boolean;
  /** The coordinator's first choice is among the engine's first three. */
  top3: boolean;
  /** Normalised discounted cumulative gain of the engine's order against the coordinator's (1 = same order). */
  ndcg: number;
}

/**
 * Graded relevance: the coordinator's first choice gets n, the next n-1, …; placements the
 * coordinator would not propose get 0, so proposing them costs nothing but pushing a wanted one down does.
 */
export function ndcg(expected: string[], ranked: string[]): number {
  const n = expected.length;
  const gain = (key: string) => {
    const i = expected.indexOf(key);
    return i < 0 ? 0 : 2 ** (n - i) - 1;
  };
  const dcg = ranked.reduce((sum, key, i) => sum + gain(key) / Math.log2(i + 2), 0);
  const ideal = expected.reduce((sum, key, i) => sum + gain(key) / Math.log2(i + 2), 0);
  return ideal === 0 ? 1 : dcg / ideal;
}

export function runScenario(s: Scenario): ScenarioResult {
  const ranked = rankCandidates(scenarioProfile(s), scenarioCandidates(s), { period: SCENARIO_PERIOD, weights: DEFAULT_WEIGHTS }).map((m) =>
    keyOf(s, m.candidate.placementId),
  );
  return { id: s.id, expected: s.order, ranked, top1: ranked[0] === s.order[0], top3: ranked.slice(0, 3).includes(s.order[0]), ndcg: ndcg(s.order, ranked) };
}

export function summarise(results: ScenarioResult[]): { scenarios: number; top1: number; top3: number; ndcg: number; exactOrder: number } {
  const share = (f: (r: ScenarioResult) => boolean) => results.filter(f).length / results.length;
  return {
    scenarios: results.length,
    top1: share((r) => r.top1),
    top3: share((r) => r.top3),
    ndcg: results.reduce((s, r) => s + r.ndcg, 0) / results.length,
    exactOrder: share((r) => r.ranked.join('|') === r.expected.join('|')),
  };
}
