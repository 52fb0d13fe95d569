import 'reflect-metadata';
import { Audience, addDays, todayIso } from '@stagebank/domain';
import { DEFAULT_WEIGHTS, MatchingIndex, MatchOptions } from '@stagebank/matching';
import { StudentProfileEntity, buildDataSourceOptions } from '@stagebank/persistence';
import { FairnessRule, PlanInput, WorldStudent, buildWorld, greedyInListOrder, planCohort } from '@stagebank/planning';
import { MembershipRole } from '@stagebank/domain';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MatchingRepository } from '../apps/api/src/matching/matching.repository';
import { profileOf } from '../apps/api/src/matching/matching.service';
import { Api, match, rssMb, benchMember, startApi } from './api-process';
import { BENCH_DATABASE_URL } from './bench-database';
import { machineLine, statsRow, writeSection } from './report';
import { elapsedMs, summarise } from './stats';

/**
 * `npm run bench:cohort`: cohort planning against the national dataset (400,000 placements in
 * stagebank_bench, built by `npm run bench:match`). In-process first: the matching index is loaded
 * as an API process loads it; 200 students of the benchmark school, and 2,000 students of one region
 * (the school's 500 profiles, copied with homes spread over 25 km around Utrecht and shared among four
 * schools), are planned by libs/planning and, for comparison, greedily one by one in list order. Then
 * as a coordinator meets it: `planCohort` for the 200 students through HTTP, against an API process
 * in production mode that has served matches (it stores each plan; nothing else is written).
 * Writes its section of BENCHMARKS.md.
 */
const log = (line: string) => console.log(line);
const UTRECHT = { latitude: 52.09, longitude: 5.12 };

/** A small deterministic generator, so every run plans the same region. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

interface Row {
  group: string;
  students: number;
  candidates: number;
  candidatesMs: number;
  solveMs: number;
  plan: { placed: number; totalScore: number; firstChoices: number; priority: number };
  greedy: { placed: number; totalScore: number; firstChoices: number; priority: number };
  fairness?: string;
}

async function run(group: string, students: WorldStudent[], index: MatchingIndex, options: MatchOptions, settings: PlanInput['settings']): Promise<Row> {
  let started = process.hrtime.bigint();
  const world = buildWorld(students, (profile, o, first) => index.query(profile, o, first).matches, options, 25);
  const candidatesMs = elapsedMs(started);
  started = process.hrtime.bigint();
  const result = await planCohort({ ...world, settings });
  const solveMs = elapsedMs(started);
  // The greedy baseline takes the same list order and the same candidates: today's one-by-one way.
  const greedy = greedyInListOrder(world);
  const priorityOf = new Set(students.filter((s) => s.priority).map((s) => s.id));
  const row: Row = {
    group,
    students: students.length,
    candidates: world.candidates.length,
    candidatesMs,
    solveMs,
    plan: { placed: result.placed, totalScore: result.totalScore, firstChoices: result.firstChoicesHonoured, priority: result.priorityPlaced },
    greedy: {
      placed: greedy.placed,
      totalScore: greedy.totalScore,
      firstChoices: greedy.firstChoicesHonoured,
      priority: [...greedy.assignment.keys()].filter((id) => priorityOf.has(id)).length,
    },
  };
  if (result.fairness) {
    const f = result.fairness;
    row.fairness = `${f.rule} ${f.floor ?? ''}: shortfall ${f.shortfall}, cost ${f.costInTotalScore} score and ${f.costInPlaced} placed (without: ${f.placedWithout} placed, ${f.totalScoreWithout})`;
  }
  log(`${group}: ${JSON.stringify(row)} optimal=${result.optimal}`);
  return row;
}

async function main(): Promise<void> {
  const db = new DataSource(buildDataSourceOptions({ url: BENCH_DATABASE_URL, poolSize: 2 }));
  await db.initialize();
  const started = process.hrtime.bigint();
  const { candidates } = await new MatchingRepository(db).everyCandidate({ since: todayIso() });
  const index = new MatchingIndex(candidates);
  log(`Matching index: ${index.size} placements in ${(elapsedMs(started) / 1000).toFixed(1)} s`);
  const school = (await db.query(`SELECT id FROM organisation WHERE name = 'Benchmark PrO'`))[0].id as string;
  const profiles = await db.getRepository(StudentProfileEntity).find({ where: { organisationId: school }, order: { code: 'ASC' } });
  await db.destroy();
  const from = todayIso();
  const options: MatchOptions = { period: { from, to: addDays(from, 120) }, weights: DEFAULT_WEIGHTS };

  const schoolGroup: WorldStudent[] = profiles
    .slice(0, 200)
    .map((s) => ({ id: s.id, schoolId: school, priority: s.finalYear, profile: profileOf(s, Audience.PRO) }));
  const next = random(17);
  const region: WorldStudent[] = Array.from({ length: 2000 }, (_, i) => {
    const s = profiles[i % profiles.length];
    const r = 25 * Math.sqrt(next());
    const a = 2 * Math.PI * next();
    const home = { latitude: UTRECHT.latitude + (r * Math.sin(a)) / 111, longitude: UTRECHT.longitude + (r * Math.cos(a)) / 68 };
    const id = `r${String(i).padStart(4, '0')}`;
    return {
      id,
      schoolId: `school-${i % 4}`,
      priority: s.finalYear,
      profile: { ...profileOf(s, Audience.PRO), home, maxTravelKm: Math.min(s.maxTravelKm, 15) },
    };
  });

  const rows = [
    // A fresh index's first queries run cold (the JIT has not seen them, the build's garbage is still
    // being collected); an API process plans a cohort after it has served matches. Both are shown.
    await run('200 students, one school, the first queries of a fresh index', schoolGroup, index, options, { honourFirstChoices: false }),
    await run('200 students, one school', schoolGroup, index, options, { honourFirstChoices: false }),
    await run('2,000 students, one region', region, index, options, {}),
    await run('2,000 students, one region, scarce-seat floor 0.8', region, index, options, { fairness: { rule: FairnessRule.SCARCE_SEAT_FLOOR, floor: 0.8 } }),
  ];
  const http = await throughHttp(
    profiles.slice(0, 200).map((p) => p.id),
    school,
    options.period,
  );
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const section = `## Cohort planning (issue 17)

\`npm run bench:cohort\`. ${machineLine()}

Against the national dataset (${index.size.toLocaleString('en')} placements, \`npm run bench:match\` builds it); it writes only the plans the HTTP part stores. Each
student's best 25 placements come from the in-memory \`MatchingIndex\` (the same hard limits and scores as
\`matchPlacements\`); libs/planning then solves the lexicographic model with HiGHS (WebAssembly,
single-threaded): priority group (final-year students) placed, then number placed, then total score. The
region is the benchmark school's 500 profiles copied to 2,000 homes within 25 km of Utrecht (at most 15 km
of travel each), shared by four schools; the same seats are contested. The baseline is today's way: each
student in list order takes the best-ranked placement with a seat and supervision left. Time to plan is
candidates + solve (the API adds reading the students and storing the plan); targets ≤ 2 s for 200 and
≤ 15 s for 2,000.

| group | students | candidates | candidates (s) | solve (s) | plan: placed | greedy: placed | plan: priority placed | greedy: priority placed | plan: total score | greedy: total score | plan: first choices | greedy: first choices |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows
  .map(
    (r) =>
      `| ${r.group} | ${r.students} | ${r.candidates} | ${s(r.candidatesMs)} | ${s(r.solveMs)} | ${r.plan.placed} | ${r.greedy.placed} | ${r.plan.priority} | ${r.greedy.priority} | ${r.plan.totalScore} | ${r.greedy.totalScore} | ${r.plan.firstChoices} | ${r.greedy.firstChoices} |`,
  )
  .join('\n')}

As a coordinator meets it: \`planCohort\` for the same 200 students (period of 120 days from today)
through HTTP, one after another, against an API process in production mode (\`startApi\`, PostgreSQL search)
that has served 20 \`matchPlacements\` first. The API reads the students, ranks, solves and stores the plan.
API ready (index built) in ${s(http.readyMs)} s; resident memory after the plans ${http.rssMb} MB.

| operation | n | p50 ms | p95 ms | p99 ms | max ms |
| --- | ---: | ---: | ---: | ---: | ---: |
${statsRow('`planCohort`, 200 students, through HTTP', summarise(http.times))}

${rows
  .filter((r) => r.fairness)
  .map((r) => `Fairness (${r.group}): ${r.fairness}; the solve time includes the second solve without the rule that prices it.`)
  .join('\n')}
`;
  log(`Wrote ${writeSection('## Cohort planning (issue 17)', section)}`);
}

const PLAN = `mutation ($input: PlanCohortInput!) { planCohort(input: $input) {
  id placed priorityPlaced totalScore optimal schools { placed }
  students { studentId code outcome placementId rank score distanceKm whyNotHigher { rank reason } explanationNl } } }`;

/** planCohort through HTTP, as the web app's "Plan a group" screen sends it. */
async function throughHttp(studentIds: string[], schoolId: string, period: { from: string; to: string }) {
  const pg = new Client({ connectionString: BENCH_DATABASE_URL });
  await pg.connect();
  const { token } = await benchMember(pg, schoolId, MembershipRole.COORDINATOR);
  await pg.query(`UPDATE change_checkpoint SET snapshot = pg_current_snapshot(), updated_at = now()`);
  await pg.end();
  const api: Api = await startApi(3131);
  try {
    for (const id of studentIds.slice(0, 20)) await match(api, token, id);
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      const started = process.hrtime.bigint();
      const res = await fetch(`http://127.0.0.1:${api.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: PLAN, variables: { input: { studentIds, period } } }),
      });
      const body = (await res.json()) as { errors?: unknown; data?: { planCohort: { placed: number } } };
      times.push(elapsedMs(started));
      if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
      log(`planCohort through HTTP: ${body.data.planCohort.placed} placed in ${times[times.length - 1].toFixed(0)} ms`);
    }
    return { times, readyMs: api.readyMs, rssMb: rssMb(api.process.pid!) };
  } finally {
    api.process.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
