import 'reflect-metadata';
import { MembershipRole, addDays, todayIso } from '@stagebank/domain';
import { Client } from 'pg';
import { Api, benchMember, startApi } from './api-process';
import { BENCH_DATABASE_URL, prepareBenchDatabase } from './bench-database';
import { Stats, machineLine, statsRow, writeSection } from './report';
import { elapsedMs, summarise } from './stats';
import { writer } from './writes';

/**
 * `npm run bench:statistics:http`: placement statistics as a coordinator meets them on the
 * dashboard: the web app's report (every figure, the follow-up and approach outcomes) through HTTP
 * (`POST /graphql`), one API process in production mode on the national dataset with two years of
 * internship history (`npm run bench:network` adds it); one client at a time, quiet and while 10
 * writes a second change what the figures are made of (each report first applies them to the
 * statistics tables). Writes BENCHMARKS.md.
 *
 * One's own organisation is asked as two schools: the benchmark's school, which holds 110,000 of
 * the 200,000 internships (the national dataset's current ones are all its own), and one of the
 * nine schools of the history, with 10,000 (a real PrO school has 90–294 students). Then the ten
 * schools ask at once, each its own report, quiet and under the same writes.
 *
 * `--api-dist DIR` starts the API of another build (its dist/), to compare builds run after run
 * (with BENCH_DATABASE_URL, each on a database its migrations made); it prints its numbers and
 * writes nothing to BENCHMARKS.md.
 */
const url = BENCH_DATABASE_URL;
const log = (line: string) => console.log(line);
const ROUNDS = 15;
const argument = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
/** Another build's dist/ to start the API from (another commit's), to compare with this one. */
const API_DIST = argument('--api-dist');
/** Who asks a report: the benchmark's school, or a school of the history (`npm run bench:network`). */
type Asker = 'bench school' | 'history school';

/** DashboardScreen's report. */
const FIGURES = `started completed endedEarly stillGoing unaccounted certified praktijkverklaringen occupancyRate firstChoiceSectorHonouredRate medianTravelKm
  destinations { label count } endedEarlyReasons { label count } certificates { label count }`;
const GROUP = 'group { sector employerKind placementType schoolKind month }';
const REPORT = `query ($scope: StatisticsScopeInput!, $period: PeriodInput!, $groupBy: [StatisticsGroupBy!]) {
  placementStatistics(scope: $scope, period: $period, groupBy: $groupBy) {
    suppressionThreshold rows { ${GROUP} ${FIGURES} } totals { ${GROUP} ${FIGURES} }
    followUp { months students paidJob unknown paidJobRate } approachOutcomes { label count } } }`;

const period = { from: addDays(todayIso(), -365), to: todayIso() };
/** One's own organisation's report by sector: what a school's coordinator opens on the dashboard. */
const OWN_BY_SECTOR = { scope: { kind: 'ORGANISATION' }, period, groupBy: ['SECTOR'] };
const REPORTS: Record<string, { asker: Asker; variables: Record<string, unknown> }> = {
  'the network, totals': { asker: 'bench school', variables: { scope: { kind: 'NETWORK' }, period, groupBy: [] } },
  'the network by sector × month': { asker: 'bench school', variables: { scope: { kind: 'NETWORK' }, period, groupBy: ['SECTOR', 'MONTH'] } },
  'a region by sector': { asker: 'bench school', variables: { scope: { kind: 'REGION', region: 'MIDDEN_UTRECHT' }, period, groupBy: ['SECTOR'] } },
  "one's own organisation by sector (110,000 internships)": { asker: 'bench school', variables: OWN_BY_SECTOR },
  "one's own organisation by sector (10,000 internships)": { asker: 'history school', variables: OWN_BY_SECTOR },
};

async function report(api: Api, token: string, variables: Record<string, unknown>): Promise<{ ms: number; started: number }> {
  const started = process.hrtime.bigint();
  const res = await fetch(`http://127.0.0.1:${api.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: REPORT, variables }),
  });
  const body = (await res.json()) as { errors?: unknown; data: { placementStatistics: { totals: { started: number } } } };
  const ms = elapsedMs(started);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return { ms, started: body.data.placementStatistics.totals.started };
}

/** Each report ROUNDS times, interleaved, so the machine's noise falls on all alike. */
async function rounds(api: Api, tokens: Record<Asker, string>): Promise<Record<string, Stats>> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(REPORTS).map((name) => [name, []]));
  for (let i = 0; i < ROUNDS; i++)
    for (const [name, { asker, variables }] of Object.entries(REPORTS)) times[name].push((await report(api, tokens[asker], variables)).ms);
  return Object.fromEntries(Object.entries(times).map(([name, ms]) => [name, summarise(ms)]));
}

/** How long the schools ask at once. */
const TOGETHER_SECONDS = 30;

/**
 * Many schools at once: each client a school asking its own report by sector again and again, as
 * coordinators opening their dashboards on a Monday morning would, for TOGETHER_SECONDS.
 */
async function together(api: Api, schools: Array<{ big: boolean; token: string }>): Promise<{ perSecond: number; small: Stats; big: Stats }> {
  const times = { small: [] as number[], big: [] as number[] };
  const until = Date.now() + TOGETHER_SECONDS * 1000;
  await Promise.all(
    schools.map(async ({ big, token }) => {
      while (Date.now() < until) (big ? times.big : times.small).push((await report(api, token, OWN_BY_SECTOR)).ms);
    }),
  );
  return {
    perSecond: Math.round(((times.small.length + times.big.length) / TOGETHER_SECONDS) * 10) / 10,
    small: summarise(times.small),
    big: summarise(times.big),
  };
}

/**
 * The statistics tables as autovacuum leaves them in a running service: their pages all-visible, so
 * that a report reads an organisation's rows from its indexes alone. A fill writes every row anew,
 * and this machine's PostgreSQL runs without autovacuum. A VACUUM cannot mark pages that a snapshot
 * still open elsewhere (the API's jobs) may not see as visible, so it is tried until it has.
 */
async function vacuumed(pg: Client): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    await pg.query(`VACUUM (ANALYZE, INDEX_CLEANUP ON) statistics_internship, statistics_placement, statistics_seat_change`);
    const [{ visible }] = (
      await pg.query(`SELECT bool_and(relallvisible >= relpages * 0.99) AS visible FROM pg_class
                       WHERE relname IN ('statistics_internship', 'statistics_placement', 'statistics_seat_change')`)
    ).rows;
    if (visible) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('the statistics tables could not be vacuumed: a transaction stays open');
}

async function main(): Promise<void> {
  const schoolId = await prepareBenchDatabase(log, url, { migrate: !API_DIST });
  const pg = new Client({ connectionString: url });
  await pg.connect();
  const { userId, token } = await benchMember(pg, schoolId, MembershipRole.COORDINATOR);
  const [historySchool] = (await pg.query(`SELECT id FROM organisation WHERE name = 'Benchmark school 1'`)).rows;
  if (!historySchool) throw new Error('no internship history: run npm run bench:network first');
  // The benchmark's own school and the nine schools the history adds, each with a coordinator.
  const historySchools: string[] = (await pg.query(`SELECT id FROM organisation WHERE name LIKE 'Benchmark%' AND id <> $1 ORDER BY name`, [schoolId])).rows.map(
    (r) => r.id,
  );
  const historyTokens = await Promise.all(historySchools.map(async (id) => (await benchMember(pg, id, MembershipRole.COORDINATOR)).token));
  const schools = [{ big: true, token }, ...historyTokens.map((t) => ({ big: false, token: t }))];
  const tokens: Record<Asker, string> = { 'bench school': token, 'history school': historyTokens[historySchools.indexOf(historySchool.id)] };
  const [{ past }] = (await pg.query(`SELECT count(*)::int AS past FROM internship WHERE start_date < '2026-01-01'`)).rows;
  if (past === 0) throw new Error('no internship history: run npm run bench:network first');
  const [student] = (await pg.query(`SELECT id FROM student_profile WHERE organisation_id = $1 LIMIT 1`, [schoolId])).rows;
  const placements: string[] = (await pg.query(`SELECT id FROM placement TABLESAMPLE SYSTEM (5) LIMIT 5000`)).rows.map((r) => r.id);
  const employers: string[] = (await pg.query(`SELECT id FROM employer TABLESAMPLE SYSTEM (5) LIMIT 5000`)).rows.map((r) => r.id);

  const api = await startApi(3112, { dist: API_DIST });
  try {
    // The first report fills the statistics tables when they are new (once per database).
    const filling = process.hrtime.bigint();
    const { started } = await report(api, token, REPORTS['the network, totals'].variables);
    const firstMs = Math.round(elapsedMs(filling));
    log(`first report: ${firstMs} ms, ${started} internships started in the period`);
    await vacuumed(pg);
    // Each report's first ask in this process: no month's figures kept yet (statistics-figures.ts).
    const firstAsk: Record<string, number> = { [Object.keys(REPORTS)[0]]: firstMs };
    for (const [name, { asker, variables }] of Object.entries(REPORTS).slice(1)) firstAsk[name] = Math.round((await report(api, tokens[asker], variables)).ms);
    log(`first asks: ${JSON.stringify(firstAsk)}`);
    const quiet = await rounds(api, tokens);
    log(`quiet: ${JSON.stringify(quiet)}`);
    const w = writer(pg, placements, employers, student.id, schoolId, userId);
    const busy = await rounds(api, tokens);
    const writes = await w.stop();
    log(`${writes} writes meanwhile: ${JSON.stringify(busy)}`);
    const quietTogether = await together(api, schools);
    log(`${schools.length} schools at once, quiet: ${JSON.stringify(quietTogether)}`);
    const w10 = writer(pg, placements, employers, student.id, schoolId, userId);
    const busyTogether = await together(api, schools);
    const writesTogether = await w10.stop();
    log(`${schools.length} schools at once, ${writesTogether} writes meanwhile: ${JSON.stringify(busyTogether)}`);
    // Another build's numbers are one side of a comparison, written up by hand: not this build's section.
    if (API_DIST) return;

    const heading = '## Placement statistics through HTTP (`npm run bench:statistics:http`)';
    writeSection(
      heading,
      [
        heading,
        '',
        `\`node dist/bench/statistics-http.bench.js\`. ${machineLine()}`,
        '',
        `Data: the national dataset with two years of internship history (400,000 placements, 200,000 internships, ${started} started in the report's period, the last 365 days). One API process (\`node dist/apps/api/src/main.js\`, production mode); the client and the writer run in a second process on the same two cores. The query is the dashboard's report (every figure, follow-up at 6, 12 and 24 months, approach outcomes); the ${Object.keys(REPORTS).length} reports take turns, ${ROUNDS} rounds. Writes: 10 a second, in turn a placement's seats, an employer paused or resumed, an internship agreed, a recognition added; each report first applies what was committed before it to the statistics tables. The first ask of each report after start-up, with no month's figures kept yet (the tables were already filled: filling them is once per database): ${Object.entries(
          firstAsk,
        )
          .map(([name, ms]) => `${name} ${ms} ms`)
          .join(', ')}.`,
        '',
        '| report (through `POST /graphql`) | n | p50 ms | p95 ms | p99 ms | max ms |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        ...Object.keys(REPORTS).map((name) => statsRow(`${name}, quiet`, quiet[name])),
        ...Object.keys(REPORTS).map((name) => statsRow(`${name}, 10 writes/s (${writes} writes in all)`, busy[name])),
        '',
        `${schools.length} schools at once (${TOGETHER_SECONDS} s each way), each client a school asking its own report by sector again and again: the benchmark's school (110,000 internships) and ${schools.length - 1} of the history (10,000 each).`,
        '',
        '| report (through `POST /graphql`) | n | p50 ms | p95 ms | p99 ms | max ms |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        statsRow(`a school of 10,000, ${schools.length} at once, quiet: **${quietTogether.perSecond} reports/s** in all`, quietTogether.small),
        statsRow(`the school of 110,000, ${schools.length} at once, quiet`, quietTogether.big),
        statsRow(
          `a school of 10,000, ${schools.length} at once, 10 writes/s (${writesTogether} writes): **${busyTogether.perSecond} reports/s** in all`,
          busyTogether.small,
        ),
        statsRow(`the school of 110,000, ${schools.length} at once, 10 writes/s`, busyTogether.big),
        '',
      ].join('\n'),
    );
  } finally {
    api.process.kill();
    await pg.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
