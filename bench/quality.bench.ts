import { SCENARIOS } from '../libs/matching/scenarios/scenarios';
import { runScenario, summarise } from '../libs/matching/scenarios/quality';

/**
 * Ranking quality over the committed coordinator scenarios (libs/matching/scenarios): the share
 * where the coordinator's first choice comes first and within the top 3, the share ranked in
 * exactly the coordinator's order, and mean nDCG. Scenarios waiting for a model the engine lacks
 * are listed, not scored. No timing: this measures answers, not speed.
 */
function main(): void {
  const scored = SCENARIOS.filter((s) => !s.pending);
  const results = scored.map(runScenario);
  for (const r of results) {
    const mark = r.ranked.join('|') === r.expected.join('|') ? 'ok  ' : r.top1 ? 'top1' : r.top3 ? 'top3' : 'MISS';
    console.log(`${mark} ${r.id.padEnd(34)} nDCG ${r.ndcg.toFixed(3)}  got: ${r.ranked.join(' > ')}`);
  }
  const s = summarise(results);
  console.log(
    `\n${s.scenarios} scenarios: first choice first ${(100 * s.top1).toFixed(1)} %, in top 3 ${(100 * s.top3).toFixed(1)} %, exact order ${(100 * s.exactOrder).toFixed(1)} %, mean nDCG ${s.ndcg.toFixed(3)}`,
  );
  const pending = SCENARIOS.filter((s) => s.pending);
  if (pending.length) console.log(`not scored yet (${pending.length}): ${pending.map((s) => `${s.id} [${s.pending}]`).join('; ')}`);
}

main();
