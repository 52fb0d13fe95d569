import 'reflect-metadata';
import { MembershipRole } from '@stagebank/domain';
import { Client } from 'pg';
import { Api, answeredInOverOneSecond, match, matchLoad, rssMb, benchMember, startApi } from './api-process';
import { BENCH_DATABASE_URL, prepareBenchDatabase } from './bench-database';
import { writer } from './writes';
import { machineLine, statsRow, writeSection } from './report';
import { Stats } from './report';
import { elapsedMs, summarise } from './stats';

/**
 * `npm run bench:match:live` (part of `npm run bench:match`): matching as a coordinator meets it,
 * through HTTP (`POST /graphql`, the web app's query: 20 results with breakdown, placement,
 * employer and site), on the national dataset in real PostgreSQL, with two API processes running
 * as in production: quiet and while 10 writes a second change matched data (seats, pauses,
 * internships, recognitions); one client at a time and 20 at once (autocannon); how soon a write is
 * visible through the other process; cold start, resident memory, and changes applied per second.
 */
const url = BENCH_DATABASE_URL;
const log = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const health = async (api: Api) =>
  ((await (await fetch(`http://127.0.0.1:${api.port}/health`)).json()) as { info: { matching: { patched: number; buildMs: number } } }).info.matching;

async function sequential(api: Api, token: string, students: string[], n: number): Promise<Stats> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((await match(api, token, students[i % students.length])).ms);
  return summarise(times);
}

async function concurrent(api: Api, token: string, students: string[], seconds: number): Promise<{ stats: Stats; rps: number; non2xx: number }> {
  const times: number[] = [];
  const result = await matchLoad(api, token, students, { connections: 20, seconds, onResponse: (ms) => times.push(ms) });
  return { stats: summarise(times), rps: Math.round(result.requests.average), non2xx: result.non2xx + result.errors };
}

async function main(): Promise<void> {
  const schoolId = await prepareBenchDatabase(log);
  const pg = new Client({ connectionString: url });
  await pg.connect();
  const { rows: counts } = await pg.query(`SELECT (SELECT count(*) FROM placement)::int AS placements, (SELECT count(*) FROM employer)::int AS employers`);
  const { userId, token } = await benchMember(pg, schoolId, MembershipRole.COORDINATOR);
  const students: string[] = (await pg.query(`SELECT id FROM student_profile WHERE organisation_id = $1 ORDER BY code LIMIT 200`, [schoolId])).rows.map(
    (r) => r.id,
  );
  const placements: string[] = (await pg.query(`SELECT id FROM placement TABLESAMPLE SYSTEM (5) LIMIT 5000`)).rows.map((r) => r.id);
  const employers: string[] = (await pg.query(`SELECT id FROM employer TABLESAMPLE SYSTEM (5) LIMIT 5000`)).rows.map((r) => r.id);
  log(`Data: ${counts[0].placements} placements, ${counts[0].employers} employers; ${students.length} students`);

  // A network in steady state: what loading the dataset wrote to the change stream counts as handled.
  await pg.query(`UPDATE change_checkpoint SET snapshot = pg_current_snapshot(), updated_at = now()`);
  await pg.query(`DELETE FROM change_log`);
  // The dataset's build (and any bench before this one) left the log's rows dead: cleared, as autovacuum
  // would in a network that runs for a while, so every run starts from the same state.
  await pg.query(`VACUUM ANALYZE change_log`);
  const a = await startApi(3101);
  const b = await startApi(3102);
  const built = await health(a);
  const coldRss = rssMb(a.process.pid!);
  log(`cold start to a ready index: ${Math.round(a.readyMs)} ms (index build ${built.buildMs} ms); RSS ${coldRss} MB`);
  try {
    for (const s of students.slice(0, 20)) await match(a, token, s);
    const quiet = await sequential(a, token, students, 300);
    log(`one client, quiet: ${JSON.stringify(quiet)}`);
    let w = writer(pg, placements, employers, students[0], schoolId, userId);
    const busy = await sequential(a, token, students, 300);
    const writesOne = await w.stop();
    log(`one client, ${writesOne} writes meanwhile: ${JSON.stringify(busy)}`);

    const quiet20 = await concurrent(a, token, students, 20);
    log(`20 clients, quiet: ${quiet20.rps} req/s ${JSON.stringify(quiet20.stats)} (${quiet20.non2xx} not 2xx)`);
    const overBefore = await answeredInOverOneSecond(a);
    w = writer(pg, placements, employers, students[0], schoolId, userId);
    const busy20 = await concurrent(a, token, students, 20);
    const writesTwenty = await w.stop();
    // The requests the load generator stopped waiting for finish within the freshness bound and a match.
    await sleep(3000);
    const overOneSecond = (await answeredInOverOneSecond(a)) - overBefore;
    log(
      `20 clients, ${writesTwenty} writes meanwhile: ${busy20.rps} req/s ${JSON.stringify(busy20.stats)} (${busy20.non2xx} not 2xx); over 1 s by the server's clock: ${overOneSecond}`,
    );

    // Freshness: a placement in a student's list loses its seats through a write; how soon does the other process stop offering it?
    const fresh: number[] = [];
    for (const student of students.slice(0, 40)) {
      const [top] = (await match(b, token, student)).ids;
      if (!top) continue;
      const { rows } = await pg.query(`SELECT seats FROM placement WHERE id = $1`, [top]);
      const started = process.hrtime.bigint();
      await pg.query(`UPDATE placement SET seats = 0 WHERE id = $1`, [top]);
      while ((await match(b, token, student)).ids.includes(top)) await sleep(5);
      fresh.push(elapsedMs(started));
      await pg.query(`UPDATE placement SET seats = $2 WHERE id = $1`, [top, rows[0].seats]);
    }
    const freshness = summarise(fresh);
    log(`write → gone from a match on the other process: ${JSON.stringify(freshness)}`);

    // Applying the stream: one statement changes 20,000 placements; how fast does a process patch them in?
    const before = (await health(b)).patched;
    const started = process.hrtime.bigint();
    await pg.query(`UPDATE placement SET seats = seats + 1 WHERE id IN (SELECT id FROM placement ORDER BY id LIMIT 20000)`);
    while ((await health(b)).patched - before < 20_000) await sleep(20);
    const applyMs = elapsedMs(started);
    await pg.query(`UPDATE placement SET seats = seats - 1 WHERE id IN (SELECT id FROM placement ORDER BY id LIMIT 20000)`);
    const perSecond = Math.round(20_000 / (applyMs / 1000));
    log(`20,000 changed placements applied in ${Math.round(applyMs)} ms: ${perSecond} placements/s`);
    const rss = rssMb(a.process.pid!);
    log(`RSS after the run: ${rss} MB`);

    const row = (name: string, s: Stats) => statsRow(name, s);
    writeSection(
      '## Live matching through HTTP',
      [
        '## Live matching through HTTP (`npm run bench:match:live`)',
        '',
        machineLine(),
        '',
        `Data: the national dataset (${counts[0].placements.toLocaleString('en')} placements, ${counts[0].employers.toLocaleString('en')} employers). Two API processes (\`node dist/apps/api/src/main.js\`, production mode) on the same PostgreSQL; the load generator and the writer run in a third process on the same two cores. The query is the web app's: \`matchPlacements(first: 20)\` with breakdown, placement, employer and site, for 200 students in turn. Writes: 10 a second, in turn a placement's seats, an employer paused or resumed, an internship agreed (and an old one removed), a recognition added, anywhere in the country.`,
        '',
        '| what a coordinator does (through `POST /graphql`) | n | p50 ms | p95 ms | p99 ms | max ms |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        row('one client at a time, quiet', quiet),
        row(`one client at a time, 10 writes/s (${writesOne} writes)`, busy),
        row(`20 clients at once, quiet: **${quiet20.rps} requests/s**`, quiet20.stats),
        row(`20 clients at once, 10 writes/s (${writesTwenty} writes): **${busy20.rps} requests/s**`, busy20.stats),
        row('write → no longer offered by a match through the *other* API process', freshness),
        '',
        `Under writes, p95 is ${(busy.p95 / quiet.p95).toFixed(2)}× the quiet p95 for one client and ${(busy20.stats.p95 / quiet20.stats.p95).toFixed(2)}× for 20 clients (target ≤ 1.5×); slowest request under writes ${Math.max(busy.max, busy20.stats.max)} ms (target < 1000), and ${overOneSecond} answered in over 1 s by the server's own clock while 20 clients wrote (\`stagebank_graphql_operation_duration_seconds\`, which also counts requests the load generator stopped waiting for and left out of its numbers). Requests refused or failed: ${quiet20.non2xx + busy20.non2xx}.`,
        '',
        `Cold start: ${(a.readyMs / 1000).toFixed(1)} s from process start to a ready index (the build itself ${(built.buildMs / 1000).toFixed(1)} s; target ≤ 20 s). Resident memory of an API process: ${coldRss} MB when ready, ${rss} MB after the run (target ≤ 1,200 MB). Applying the stream: 20,000 placements changed in one statement were patched into the other process's index in ${Math.round(applyMs)} ms (${perSecond.toLocaleString('en')} placements/s).`,
        '',
      ].join('\n'),
    );
  } finally {
    a.process.kill('SIGTERM');
    b.process.kill('SIGTERM');
    await pg.end();
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  // autocannon's and fetch's keep-alive sockets would hold the process open.
  .finally(() => setTimeout(() => process.exit(), 1000).unref());
