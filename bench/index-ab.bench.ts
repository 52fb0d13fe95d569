import 'reflect-metadata';
import { Audience, addDays, todayIso } from '@stagebank/domain';
import type { Candidate, MatchProfile, MatchingIndex, Weights } from '@stagebank/matching';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { buildDataSourceOptions } from '@stagebank/persistence';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MatchingRepository } from '../apps/api/src/matching/matching.repository';
import { profileOf } from '../apps/api/src/matching/matching.service';
import { BENCH_DATABASE_URL, prepareBenchDatabase } from './bench-database';
import { machineLine, statsRow, writeSection } from './report';
import { summarise } from './stats';

/**
 * `node dist/bench/index-ab.bench.js <before-dist> [after-dist]`: two builds of the matching index
 * side by side in one process, on the national dataset's placements (read once, as an API process
 * reads them) and the benchmark school's 200 students, queried in turn (before, after, before, …)
 * so both meet the same machine load; compares the answers (pages with breakdowns, and totals)
 * and the time per query. `before-dist` is the `dist` folder of another checkout built with
 * `npm run build` (e.g. a worktree of the commit to compare with); `after-dist` defaults to this one.
 */
type Matching = { MatchingIndex: new (candidates: readonly Candidate[]) => MatchingIndex; DEFAULT_WEIGHTS: Weights };

const ROUNDS = 3;
const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const [beforeDist, afterDist = join(__dirname, '..')] = process.argv.slice(2).map((p) => resolve(p));
  if (!beforeDist) throw new Error('usage: node dist/bench/index-ab.bench.js <before-dist> [after-dist]');
  // Each build's compiled library, loaded as CommonJS from its own folder.
  const load = (dist: string) => createRequire(__filename)(join(dist, 'libs/matching/src')) as Matching;
  const before = load(beforeDist);
  const after = load(afterDist);

  const schoolId = await prepareBenchDatabase(log);
  const pg = new Client({ connectionString: BENCH_DATABASE_URL });
  await pg.connect();
  const db = new DataSource(buildDataSourceOptions({ url: BENCH_DATABASE_URL, poolSize: 1 }));
  await db.initialize();
  const source = new MatchingRepository(db);
  // Built in a function of their own, so the rows read are garbage once both indexes hold them.
  const build = async () => {
    const { candidates } = await source.everyCandidate({ since: todayIso() });
    return { indexes: [new before.MatchingIndex(candidates), new after.MatchingIndex(candidates)], placements: candidates.length };
  };
  const { indexes, placements } = await build();
  const { rows } = await pg.query(
    `SELECT *, ST_Y(home_location::geometry) AS latitude, ST_X(home_location::geometry) AS longitude, max_travel_km::float8 AS km
       FROM student_profile WHERE organisation_id = $1 ORDER BY code LIMIT 200`,
    [schoolId],
  );
  await pg.end();
  await db.destroy();
  const profiles: MatchProfile[] = rows.map((r) =>
    profileOf(
      {
        homeLocation: { latitude: r.latitude, longitude: r.longitude },
        travelMode: r.travel_mode,
        maxTravelKm: r.km,
        maxTravelMinutes: r.max_travel_minutes,
        sectorPreferences: r.sector_preferences,
        interests: r.interests,
        supportNeed: r.support_need,
        constraints: r.constraints,
        certificates: r.certificates,
        finalYear: r.final_year,
        targetCrebo: r.target_crebo,
        targetWerkprocessen: r.target_werkprocessen,
        availableDays: r.available_days,
        qualifications: r.qualifications,
        exitProfile: r.exit_profile,
      } as never,
      Audience.PRO, // the benchmark school is a PrO school
    ),
  );
  const from = todayIso();
  // The period matchPlacements uses when none is asked for: from today, about a school term.
  const options = { period: { from, to: addDays(from, 90) }, weights: after.DEFAULT_WEIGHTS };

  const times: number[][] = [[], []];
  let same = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const profile of profiles) {
      const answers = indexes.map((index, k) => {
        const started = performance.now();
        const { matches, total } = index.query(profile, options, 21);
        if (round > 0) times[k].push(performance.now() - started); // the first round warms both up
        return JSON.stringify([total, matches.map((m) => [m.candidate.placementId, m.score, m.breakdown])]);
      });
      if (answers[0] === answers[1]) same++;
    }
  }
  const [b, a] = times.map(summarise);
  log(`before ${JSON.stringify(b)}; after ${JSON.stringify(a)}; identical answers ${same} of ${ROUNDS * profiles.length}`);
  writeSection(
    '## Matching index, two builds side by side',
    [
      '## Matching index, two builds side by side (`node dist/bench/index-ab.bench.js <before-dist>`)',
      '',
      machineLine(),
      '',
      `Data: the national dataset's ${placements.toLocaleString('en')} placements, read once through the API's candidate query; the benchmark school's ${profiles.length} students, period from today for 90 days (matchPlacements' default), first page of 20 (and one more). Both indexes in one process, queried in turn for each student, ${ROUNDS - 1} timed rounds after a warm-up. Before: \`${beforeDist}\`; after: \`${afterDist}\`.`,
      '',
      '| index | n | p50 ms | p95 ms | p99 ms | max ms |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      statsRow('before', b),
      statsRow('after', a),
      '',
      `After ÷ before: p50 ${(a.p50 / b.p50).toFixed(2)}, p95 ${(a.p95 / b.p95).toFixed(2)}. Identical answers (totals, pages, scores and breakdowns): ${same} of ${ROUNDS * profiles.length}.`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
