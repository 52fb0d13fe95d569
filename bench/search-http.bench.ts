import 'reflect-metadata';
import { MembershipRole } from '@stagebank/domain';
import { startEmbeddedMeilisearch } from '@stagebank/search';
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Api, BENCH_METRICS_TOKEN, benchMember, startApi } from './api-process';
import { BENCH_DATABASE_URL, prepareBenchDatabase } from './bench-database';
import { Stats, machineLine, statsRow, writeSection } from './report';
import { typicalSearches } from './search-queries';
import { elapsedMs, summarise } from './stats';
import { writer } from './writes';

/**
 * `npm run bench:search:http`: the search as a coordinator meets it: through HTTP (`POST /graphql`,
 * the web app's search, plus the radius), one API process in production mode on the national
 * dataset; one client at a time, quiet and while 10 writes a second change searched data (seats,
 * pauses, internships, recognitions), and 10 clients at once under the same writes (autocannon).
 * Writes BENCHMARKS.md.
 *
 * - By default the PostgreSQL search (what answers when Meilisearch cannot, `SEARCH_ENGINE=postgres`):
 *   each search first applies the committed writes to the search tables.
 * - `--engine meilisearch` runs an embedded Meilisearch beside the API, which builds its indexes at
 *   start-up and drains the outbox in-process (the writes reach the index through it); the first
 *   page counts all eight facets and a second page, as the web app asks for it, none.
 *   `--meili-dir DIR` keeps the indexes in DIR for the next run (the build takes minutes);
 *   `--lag-only` times only the write → found rows (quiet, then under writes) and prints them;
 *   `--api-dist DIR` starts the API of another build (its dist/), to compare builds run after run;
 *   `--versus DIR` starts a second API from another build's dist/ beside this build's, on the same
 *   Meilisearch, and times the quiet rows on both, turn about, search by search, with their
 *   ratios (a shared machine's noise falls on both alike); it writes nothing to BENCHMARKS.md.
 */
const url = BENCH_DATABASE_URL;
const log = (line: string) => console.log(line);
const argument = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const ENGINE = argument('--engine') === 'meilisearch' ? 'MEILISEARCH' : 'POSTGRESQL';
const KEPT_DIR = argument('--meili-dir');
/** Only the write → found rows (with `--engine meilisearch`), for comparing builds run after run; writes nothing to BENCHMARKS.md. */
const LAG_ONLY = process.argv.includes('--lag-only');
/** Another build's dist/ to start the API from (another commit's), to compare with this one. */
const API_DIST = argument('--api-dist');
/** Another build's dist/ to time beside this build, turn about (`--engine meilisearch`). */
const VERSUS_DIST = argument('--versus');

/**
 * The web app's placement search (PlacementsScreen: facets on the first page only), with the
 * radius the benchmark's searches carry.
 */
const SEARCH = `query ($query: String, $filter: SearchFilterInput, $sort: SearchSort, $near: NearInput, $after: String, $withFacets: Boolean!) {
  searchPlacements(query: $query, filter: $filter, sort: $sort, near: $near, first: 30, after: $after,
                   facets: [SECTOR, PLACEMENT_TYPE, AUDIENCE, EMPLOYER_KIND, HAS_FREE_SEAT, BORIS_FLAG, SBB_RECOGNISED, ALLOWANCE_PAID]) {
    totalCount engine notice
    facets @include(if: $withFacets) { facet values { value count } }
    pageInfo { hasNextPage endCursor }
    edges { node { placement { id title sector tags type hoursPerWeek allowancePaid freeSeats nextOpening reservation { organisationName until forViewer }
      employer { id name borisFlag { id } sbbRecognised } site { place location { latitude longitude } } } } }
  } }`;

type Variables = Record<string, unknown>;

interface Page {
  ms: number;
  endCursor: string | null;
}

async function search(api: Api, token: string, variables: Variables): Promise<Page & { ids: string[] }> {
  const started = process.hrtime.bigint();
  const res = await fetch(`http://127.0.0.1:${api.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: SEARCH, variables: { withFacets: true, ...variables } }),
  });
  type Answer = { engine: string; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: { placement: { id: string } } }> };
  const body = (await res.json()) as { errors?: unknown; data: { searchPlacements: Answer } };
  const ms = elapsedMs(started);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  const answer = body.data.searchPlacements;
  if (answer.engine !== ENGINE) throw new Error(`answered by ${answer.engine}`);
  return { ms, endCursor: answer.pageInfo.hasNextPage ? answer.pageInfo.endCursor : null, ids: answer.edges.map((e) => e.node.placement.id) };
}

/** A search's first page (all eight facets), then its second (none), as the web app asks for them. */
async function pages(api: Api, token: string, variables: Variables, first: number[], next: number[]): Promise<void> {
  const page = await search(api, token, variables);
  first.push(page.ms);
  if (page.endCursor) next.push((await search(api, token, { ...variables, after: page.endCursor, withFacets: false })).ms);
}

async function sequential(api: Api, token: string, searches: Variables[]): Promise<{ first: Stats; next: Stats }> {
  const first: number[] = [];
  const next: number[] = [];
  for (const variables of searches) await pages(api, token, variables, first, next);
  return { first: summarise(first), next: summarise(next) };
}

/** The quiet rows on this build's API and another's, turn about (which goes first alternates), with the ratios of their p50 and p95. */
async function versus(apis: [Api, Api], token: string, searches: Variables[]): Promise<void> {
  const times = apis.map(() => ({ first: [] as number[], next: [] as number[] }));
  for (const [i, variables] of searches.entries()) {
    for (const k of i % 2 ? [1, 0] : [0, 1]) await pages(apis[k], token, variables, times[k].first, times[k].next);
  }
  for (const row of ['first', 'next'] as const) {
    const [mine, theirs] = times.map((t) => summarise(t[row]));
    log(`${row} page: this build ${JSON.stringify(mine)}`);
    log(`${row} page: ${VERSUS_DIST} ${JSON.stringify(theirs)}`);
    log(`${row} page: this ÷ that, p50 ${(mine.p50 / theirs.p50).toFixed(2)}, p95 ${(mine.p95 / theirs.p95).toFixed(2)}`);
  }
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
            setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: SEARCH, variables: { withFacets: true, ...searches[i++ % searches.length] } }) }),
          },
        ],
      },
      (error, result) =>
        error ? fail(error) : done({ stats: summarise(times), rps: Math.round(result.requests.average), failed: result.non2xx + result.errors }),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

/** Whether the API answers searches from Meilisearch (it builds a missing index first). */
async function searchReady(api: Api): Promise<boolean> {
  const health = (await fetch(`http://127.0.0.1:${api.port}/health`)
    .then((r) => r.json())
    .catch(() => null)) as { details?: { search?: { state: string } } } | null;
  return health?.details?.search?.state === 'READY';
}

/** Until `check` holds, asking every second; says every half minute what it waits for. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const started = Date.now();
  for (let said = 0; !(await check());) {
    if (Date.now() - started > said + 30_000) log(`waiting for ${what} (${Math.round((said += 30_000) / 1000)} s)`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * The placements whose titles the write → found rows change: 30 with nothing else written, 100 under
 * writes; before them, 10 whose times are not kept (a Meilisearch that was just started takes a
 * second or two over its first batches, which no coordinator meets twice).
 */
const WARM_UP_PROBES = (placements: string[]) => placements.slice(-140, -130);
const QUIET_PROBES = (placements: string[]) => placements.slice(-130, -100);
const BUSY_PROBES = (placements: string[]) => placements.slice(-100);

/**
 * Until the search outbox holds nothing unhandled (the previous write's employer documents are in
 * too), then a random pause of up to 300 ms, so that a write lands anywhere in an idle job's poll.
 */
async function outboxIdle(pg: Client): Promise<void> {
  while ((await pg.query(`SELECT 1 FROM search_outbox WHERE processed_at IS NULL LIMIT 1`)).rowCount) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 300));
}

/**
 * Write → found through HTTP: a placement's title gets a new word (committed by the bench's own
 * connection, as any replica's write would be), then the coordinator's search for that word is
 * asked every 20 ms until the placement is on its first page. Meanwhile `writes` goes on. `alone`:
 * each write waits until the one before is wholly indexed (outboxIdle), as on a quiet network.
 */
async function lag(api: Api, token: string, pg: Client, probes: string[], { alone = false } = {}): Promise<Stats> {
  const times: number[] = [];
  for (const [i, id] of probes.entries()) {
    if (alone) await outboxIdle(pg);
    const word = `probe${i}x${Date.now().toString(36)}`;
    const started = process.hrtime.bigint();
    await pg.query(`UPDATE placement SET title = $2 WHERE id = $1`, [id, `Stage ${word}`]);
    while (!(await search(api, token, { query: word, filter: { includeClosed: true }, withFacets: false })).ids.includes(id)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    times.push(elapsedMs(started));
  }
  return summarise(times);
}

/** The API's count of search documents it sent to Meilisearch and left alone (`stagebank_search_documents_total`). */
async function documentsSent(api: Api): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${api.port}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } });
  const lines = (await res.text()).split('\n').filter((line) => line.startsWith('stagebank_search_documents_total'));
  return `search documents: ${lines.join(', ') || 'not counted by this build'}`;
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
  if (ENGINE === 'POSTGRESQL') {
    const [{ words }] = (await pg.query(`SELECT count(*)::int AS words FROM search_word`)).rows;
    if (words === 0) throw new Error('the search tables are not filled: run npm run bench:search:fallback first');
  }

  const meiliDir = ENGINE === 'MEILISEARCH' ? (KEPT_DIR ?? mkdtempSync(join(tmpdir(), 'stagebank-bench-search-http-'))) : null;
  const meili = meiliDir ? await startEmbeddedMeilisearch(meiliDir, { masterKey: 'bench-search-http-master-key' }) : null;
  const api = await startApi(3111, {
    dist: API_DIST,
    env: meili ? { SEARCH_ENGINE: 'auto', MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey } : {},
  });
  try {
    if (meili) {
      // The API builds a missing index at start-up and answers from PostgreSQL until it is done.
      await until('the Meilisearch indexes', () => searchReady(api));
    }
    if (meili && VERSUS_DIST) {
      const other = await startApi(3112, {
        dist: VERSUS_DIST,
        env: { SEARCH_ENGINE: 'auto', MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey },
      });
      try {
        await until('the other build to find the indexes', () => searchReady(other));
        for (const variables of searches.slice(0, 20)) for (const a of [api, other]) await search(a, token, variables);
        await versus([api, other], token, searches);
      } finally {
        other.process.kill();
      }
      return;
    }
    if (meili && LAG_ONLY) {
      await lag(api, token, pg, WARM_UP_PROBES(placements));
      log(`write → found, quiet: ${JSON.stringify(await lag(api, token, pg, QUIET_PROBES(placements), { alone: true }))}`);
      const w = writer(pg, placements, employers, student.id, schoolId, userId, 20);
      const lags = await lag(api, token, pg, BUSY_PROBES(placements));
      log(`write → found, ${await w.stop()} writes meanwhile: ${JSON.stringify(lags)}`);
      log(await documentsSent(api));
      return;
    }
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
    let lagRows: string[] = [];
    if (meili) {
      await lag(api, token, pg, WARM_UP_PROBES(placements));
      const quietLags = await lag(api, token, pg, QUIET_PROBES(placements), { alone: true });
      log(`write → found, quiet: ${JSON.stringify(quietLags)}`);
      w = writer(pg, placements, employers, student.id, schoolId, userId, 20);
      const lags = await lag(api, token, pg, BUSY_PROBES(placements));
      const writesLag = await w.stop();
      log(`write → found, ${writesLag} writes meanwhile: ${JSON.stringify(lags)}`);
      log(await documentsSent(api));
      lagRows = [
        statsRow('a write → found by `searchPlacements`, quiet (each write once the one before is fully indexed; the search asked every 20 ms)', quietLags),
        statsRow(`a write → found by \`searchPlacements\`, 20 other writes/s (${writesLag} writes; the search asked every 20 ms)`, lags),
      ];
    }

    const rows = [
      statsRow('one client at a time, quiet: first page, all eight facets', quiet.first),
      statsRow('one client at a time, quiet: second page, no facets', quiet.next),
      statsRow(`one client at a time, 10 writes/s (${writesOne} writes): first page, all eight facets`, busy.first),
      statsRow('one client at a time, 10 writes/s: second page, no facets', busy.next),
      statsRow(`10 clients at once, 10 writes/s (${writesTen} writes), first pages: **${busy10.rps} requests/s**`, busy10.stats),
      ...lagRows,
    ];
    const footer = `Under writes, one client's first-page p95 is ${(busy.first.p95 / quiet.first.p95).toFixed(2)}× the quiet p95. Requests failed: ${busy10.failed}.`;
    const { heading, command, data } =
      ENGINE === 'POSTGRESQL'
        ? {
            heading: '## The PostgreSQL search through HTTP (`npm run bench:search:http`)',
            command: 'node dist/bench/search-http.bench.js',
            data: 'Data: the national dataset (400,000 placements), its search tables filled. One API process (`node dist/apps/api/src/main.js`, production mode, `SEARCH_ENGINE=postgres`); the load generator and the writer run in a second process on the same two cores.',
          }
        : {
            heading: '## The Meilisearch search through HTTP (`npm run bench:search:http -- --engine meilisearch`)',
            command: 'node dist/bench/search-http.bench.js --engine meilisearch',
            data: 'Data: the national dataset (400,000 placements at 300,000 sites). One API process (`node dist/apps/api/src/main.js`, production mode) with an embedded Meilisearch beside it, both indexes built by the API from PostgreSQL; the API drains the search outbox in-process. The load generator and the writer run in a third process; all on the same two cores.',
          };
    const writes =
      ENGINE === 'POSTGRESQL'
        ? "Writes: 10 a second, in turn a placement's seats, an employer paused or resumed, an internship agreed, a recognition added, anywhere in the country; each search first applies what was committed before it to the search tables."
        : "Writes: 10 a second (none in the quiet write → found row, 20 in the last), in turn a placement's seats, an employer paused or resumed (every document of its sites and placements), an internship agreed, a recognition added, anywhere in the country.";
    writeSection(
      heading,
      [
        heading,
        '',
        `\`${command}\`. ${machineLine()}`,
        '',
        `${data} The query is the web app's placement search (first 30, hits with placement, employer and site; all eight facets counted on the first page, none on the second) with the radius of the benchmark's typical searches. ${writes}`,
        '',
        '| what a coordinator does (through `POST /graphql`) | n | p50 ms | p95 ms | p99 ms | max ms |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        ...rows,
        '',
        footer,
        '',
      ].join('\n'),
    );
  } finally {
    api.process.kill();
    await meili?.stop();
    if (meiliDir && !KEPT_DIR) rmSync(meiliDir, { recursive: true, force: true });
    await pg.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
