import 'reflect-metadata';
import { MembershipRole } from '@stagebank/domain';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { Api, benchMember, startApi } from './api-process';
import { BENCH_DATABASE_URL, prepareBenchDatabase } from './bench-database';
import { Stats, machineLine, statsRow, writeSection } from './report';
import { typicalSearches } from './search-queries';
import { elapsedMs, summarise } from './stats';
import { writer } from './writes';

/**
 * `npm run bench:search:http`: the PostgreSQL search (what answers when Meilisearch cannot) as a
 * coordinator meets it: through HTTP (`POST /graphql`, the web app's search with its facets, plus
 * the radius), one API process in production mode on the national dataset with `SEARCH_ENGINE=postgres`;
 * one client at a time, quiet and while 10 writes a second change searched data (seats, pauses,
 * internships, recognitions: each search first applies them to the search tables), and 10 clients
 * at once under the same writes (autocannon). Writes BENCHMARKS.md.
 */
const url = BENCH_DATABASE_URL;
const log = (line: string) => console.log(line);

/** The web app's placement search (PlacementsScreen), with the radius the benchmark's searches carry. */
const SEARCH = `query ($query: String, $filter: SearchFilterInput, $sort: SearchSort, $near: NearInput) {
  searchPlacements(query: $query, filter: $filter, sort: $sort, near: $near, first: 30,
                   facets: [SECTOR, PLACEMENT_TYPE, AUDIENCE, EMPLOYER_KIND, HAS_FREE_SEAT, BORIS_FLAG, SBB_RECOGNISED, ALLOWANCE_PAID]) {
    totalCount engine notice
    facets { facet values { value count } }
    pageInfo { hasNextPage endCursor }
    edges { node { placement { id title sector tags type hoursPerWeek allowancePaid freeSeats nextOpening reservation { organisationName until forViewer }
      employer { id name borisFlag { id } sbbRecognised } site { place location { latitude longitude } } } } }
  } }`;

type Variables = Record<string, unknown>;

async function search(api: Api, token: string, variables: Variables): Promise<number> {
  const started = process.hrtime.bigint();
  const res = await fetch(`http://127.0.0.1:${api.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: SEARCH, variables }),
  });
  const body = (await res.json()) as { errors?: unknown; data: { searchPlacements: { engine: string } } };
  const ms = elapsedMs(started);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  if (body.data.searchPlacements.engine !== 'POSTGRESQL') throw new Error(`answered by ${body.data.searchPlacements.engine}`);
  return ms;
}

async function sequential(api: Api, token: string, searches: Variables[]): Promise<Stats> {
  const times: number[] = [];
  for (const variables of searches) times.push(await search(api, token, variables));
  return summarise(times);
}

function concurrent(api: Api, token: string, searches: Variables[], seconds: number): Promise<{ stats: Stats; rps: number; failed: number }> {
  const times: number[] = [];
  let i = 0;
  return new Promise((done, fail) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${api.port}`,
        connections: 10,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: '/graphql',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: SEARCH, variables: searches[i++ % searches.length] }) }),
          },
        ],
      },
      (error, result) =>
        error ? fail(error) : done({ stats: summarise(times), rps: Math.round(result.requests.average), failed: result.non2xx + result.errors }),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

async function main(): Promise<void> {
  const schoolId = await prepareBenchDatabase(log);
  const pg = new Client({ connectionString: url });
  await pg.connect();
  const { userId, token } = await benchMember(pg, schoolId, MembershipRole.COORDINATOR);
  const [student] = (await pg.query(`SELECT id FROM student_profile WHERE organisation_id = $1 LIMIT 1`, [schoolId])).rows;
  const placements: string[] = (await pg.query(`SELECT id FROM placement TABLESAMPLE SYSTEM (5) LIMIT 5000`)).rows.map((r) => r.id);
  const employers: string[] = (await pg.query(`SELECT id FROM employer TABLESAMPLE SYSTEM (5) LIMIT 5000`)).rows.map((r) => r.id);
  const points: Array<{ lat: number; lng: number; place: string }> = (
    await pg.query(`SELECT ST_Y(location::geometry) AS lat, ST_X(location::geometry) AS lng, place FROM site TABLESAMPLE SYSTEM (1) REPEATABLE (7) LIMIT 300`)
  ).rows;
  const searches: Variables[] = typicalSearches(200, points).map(({ query, filter, near, sort }) => ({ query, filter, near, sort }));
  const [{ words }] = (await pg.query(`SELECT count(*)::int AS words FROM search_word`)).rows;
  if (words === 0) throw new Error('the search tables are not filled: run npm run bench:search:fallback first');

  const api = await startApi(3111);
  try {
    for (const variables of searches.slice(0, 20)) await search(api, token, variables);
    const quiet = await sequential(api, token, searches.slice(0, 100));
    log(`one client, quiet: ${JSON.stringify(quiet)}`);
    let w = writer(pg, placements, employers, student.id, schoolId, userId);
    const busy = await sequential(api, token, searches.slice(100, 200));
    const writesOne = await w.stop();
    log(`one client, ${writesOne} writes meanwhile: ${JSON.stringify(busy)}`);
    w = writer(pg, placements, employers, student.id, schoolId, userId);
    const busy10 = await concurrent(api, token, searches, 30);
    const writesTen = await w.stop();
    log(`10 clients, ${writesTen} writes meanwhile: ${busy10.rps} req/s ${JSON.stringify(busy10.stats)} (${busy10.failed} failed)`);

    const heading = '## The PostgreSQL search through HTTP (`npm run bench:search:http`)';
    writeSection(
      heading,
      [
        heading,
        '',
        `\`node dist/bench/search-http.bench.js\`. ${machineLine()}`,
        '',
        "Data: the national dataset (400,000 placements), its search tables filled. One API process (`node dist/apps/api/src/main.js`, production mode, `SEARCH_ENGINE=postgres`); the load generator and the writer run in a second process on the same two cores. The query is the web app's placement search (first 30, all eight facets counted, hits with placement, employer and site) with the radius of the benchmark's typical searches. Writes: 10 a second, in turn a placement's seats, an employer paused or resumed, an internship agreed, a recognition added, anywhere in the country; each search first applies what was committed before it to the search tables.",
        '',
        '| what a coordinator does (through `POST /graphql`) | n | p50 ms | p95 ms | p99 ms | max ms |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        statsRow('one client at a time, quiet', quiet),
        statsRow(`one client at a time, 10 writes/s (${writesOne} writes)`, busy),
        statsRow(`10 clients at once, 10 writes/s (${writesTen} writes): **${busy10.rps} requests/s**`, busy10.stats),
        '',
        `Under writes, one client's p95 is ${(busy.p95 / quiet.p95).toFixed(2)}× the quiet p95. Requests failed: ${busy10.failed}.`,
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
