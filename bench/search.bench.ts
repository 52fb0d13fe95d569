import 'reflect-metadata';
import { loadConfig } from '@stagebank/config';
import {
  ALL_FACETS,
  FACET_ATTRIBUTE,
  HIGHLIGHTED,
  MARK_END,
  MARK_START,
  MAX_TOTAL_HITS,
  MeiliSearchClient,
  MeilisearchIndexes,
  SEARCHABLE,
  SearchIndexName,
  SearchSort,
  indexSettings,
  meilisearchClient,
  meilisearchFilter,
  meilisearchSort,
  startEmbeddedMeilisearch,
} from '@stagebank/search';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../apps/api/src/bootstrap';
import { PostgresSearchEngine } from '../apps/api/src/search/postgres-search.engine';
import { SearchDocuments } from '../apps/api/src/search/search-documents';
import { SearchIndexer } from '../apps/api/src/search/search-indexer';
import { SearchService } from '../apps/api/src/search/search.service';
import type { SearchArgs } from '../apps/api/src/search/search.types';
import { BENCH_DATABASE_URL, prepareBenchDatabase } from './bench-database';
import { machineLine, statsRow, writeSection } from './report';
import { typicalSearches } from './search-queries';
import { elapsedMs, summarise } from './stats';

/**
 * `npm run bench:search`: builds both Meilisearch indexes from the national dataset in PostgreSQL
 * (time and throughput), runs 1,000 typical coordinator searches with filters and a radius through
 * the search service on Meilisearch and a sample on the PostgreSQL fallback, and measures how long
 * a write takes to become searchable while a steady stream of other writes goes on. Writes BENCHMARKS.md.
 */
const url = BENCH_DATABASE_URL;
const log = (line: string) => console.log(line);
const PREFIX = 'bench_';

const BASELINE = 'bench_baseline_placements';
/**
 * `--tuning`: only the before/after comparison of placement searches (the tuned index and the
 * baseline built beside it, queries interleaved), written to its own section; skips the employer
 * index, the PostgreSQL fallback and the lag run. For a loaded machine where the full run cannot finish.
 */
const TUNING_ONLY = process.argv.includes('--tuning');
const SEARCHES = TUNING_ONLY ? 400 : 1000;

/**
 * The placements index as it was before issue 18 (commit 1fef502): every filterable attribute with
 * all filter features and facet search, word-position proximity, the default 1.5 s search cutoff.
 * Built beside the tuned index so both are measured in the same run on the same data.
 */
function baselineSettings() {
  const now = indexSettings(SearchIndexName.PLACEMENTS);
  return {
    searchableAttributes: SEARCHABLE[SearchIndexName.PLACEMENTS],
    filterableAttributes: [...Object.values(FACET_ATTRIBUTE), 'open', '_geo'],
    sortableAttributes: ['_geo', 'createdAt'],
    rankingRules: now.rankingRules,
    distinctAttribute: null,
    synonyms: now.synonyms,
    pagination: now.pagination,
    faceting: now.faceting,
    displayedAttributes: ['*'],
  };
}

/** The search request as SearchService sent it before issue 18: all 8 facets, highlighting and cropping always. */
function baselineSearch(client: MeiliSearchClient, args: SearchArgs) {
  const fields = HIGHLIGHTED[SearchIndexName.PLACEMENTS];
  const request = {
    index: SearchIndexName.PLACEMENTS,
    query: (args.query ?? '').trim(),
    filter: args.filter ?? {},
    near: args.near ?? null,
    sort: args.sort,
    offset: 0,
    limit: args.first,
    facets: ALL_FACETS,
  };
  return client.index(BASELINE).search(request.query, {
    filter: [
      ...meilisearchFilter(request.filter),
      ...(request.near ? [`_geoRadius(${request.near.latitude}, ${request.near.longitude}, ${Math.round(request.near.radiusKm * 1000)})`] : []),
    ],
    sort:
      request.sort === SearchSort.DISTANCE && request.near ? [`_geoPoint(${request.near.latitude}, ${request.near.longitude}):asc`] : meilisearchSort(request),
    offset: 0,
    limit: request.limit,
    facets: ALL_FACETS.map((f) => FACET_ATTRIBUTE[f]),
    attributesToRetrieve: ['id', 'employerId', 'siteId', '_geo', ...fields],
    attributesToHighlight: fields,
    attributesToCrop: ['description'],
    cropLength: 24,
    highlightPreTag: MARK_START,
    highlightPostTag: MARK_END,
    matchingStrategy: 'all',
  });
}

async function buildBaseline(client: MeiliSearchClient, documents: SearchDocuments, db: DataSource): Promise<number> {
  const wait = async (task: { waitTask(o?: { timeout?: number; interval?: number }): Promise<{ status: string }> }) => {
    const done = await task.waitTask({ timeout: 1_200_000, interval: 50 });
    if (done.status !== 'succeeded') throw new Error(`baseline index task ${done.status}`);
  };
  await wait(client.deleteIndex(BASELINE)).catch(() => undefined);
  await wait(client.createIndex(BASELINE, { primaryKey: 'id' }));
  await wait(client.index(BASELINE).updateSettings(baselineSettings()));
  let count = 0;
  const pending: Array<Promise<void>> = [];
  for await (const batch of documents.all(SearchIndexName.PLACEMENTS, db.manager)) {
    count += batch.length;
    pending.push(wait(client.index(BASELINE).addDocuments(batch, { primaryKey: 'id' })));
    if (pending.length >= 8) await pending.shift();
  }
  await Promise.all(pending);
  return count;
}

async function main(): Promise<void> {
  await prepareBenchDatabase(log);
  const meiliDir = mkdtempSync(join(tmpdir(), 'stagebank-bench-search-'));
  const meili = await startEmbeddedMeilisearch(meiliDir);
  try {
    const search = { MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, MEILI_INDEX_PREFIX: PREFIX };
    const base = { NODE_ENV: 'production', LOG_LEVEL: 'silent', AUTH_TOKEN_SECRET: 'x'.repeat(32), DATABASE_URL: url, ...search };
    // The indexes exist before the service starts, so it does not build them itself: the build is timed below.
    await new MeilisearchIndexes(meilisearchClient({ host: meili.url, apiKey: meili.masterKey }), PREFIX).ensure();
    const app = await createApp(loadConfig({ ...base, SEARCH_WORKER: 'false' }), { url, singleConnection: false });
    await app.init();
    const db = app.get(DataSource);
    const counts = (
      await db.query(`SELECT (SELECT count(*) FROM employer)::int AS employers, (SELECT count(*) FROM site)::int AS sites,
        (SELECT count(*) FROM placement)::int AS placements`)
    )[0];
    log(`Data: ${JSON.stringify(counts)}`);

    const indexer = app.get(SearchIndexer);
    const client = meilisearchClient({ host: meili.url, apiKey: meili.masterKey, timeout: 120_000 });
    while (!indexer.ready) await new Promise((r) => setTimeout(r, 100));
    const builds: Record<string, { documents: number; seconds: number }> = {};
    for (const index of TUNING_ONLY ? [SearchIndexName.PLACEMENTS] : Object.values(SearchIndexName)) {
      const started = process.hrtime.bigint();
      // The same build as SearchIndexer.rebuild (fresh index, swapped in), through a client with a long
      // request timeout: the app's 5 s is meant for searches, and on a loaded machine an upload of
      // 5,000 documents can take longer. (No writes happen meanwhile, so there is no outbox to settle.)
      const documents = await new MeilisearchIndexes(client, PREFIX).rebuild(index, app.get(SearchDocuments).all(index, db.manager));
      builds[index] = { documents, seconds: elapsedMs(started) / 1000 };
      log(`built ${index}: ${documents} documents in ${builds[index].seconds.toFixed(0)} s (${Math.round(documents / builds[index].seconds)}/s)`);
    }

    const points: Array<{ lat: number; lng: number; place: string }> = await db.query(
      `SELECT ST_Y(location::geometry) AS lat, ST_X(location::geometry) AS lng, place FROM site TABLESAMPLE SYSTEM (1) REPEATABLE (7) LIMIT 300`,
    );
    const searches = typicalSearches(SEARCHES, points);
    const service = app.get(SearchService);
    const baselineStarted = process.hrtime.bigint();
    const baselineCount = await buildBaseline(client, app.get(SearchDocuments), db);
    const baselineBuild = elapsedMs(baselineStarted) / 1000;
    log(`built the baseline placements index: ${baselineCount} documents in ${baselineBuild.toFixed(0)} s`);
    for (const args of searches.slice(0, 50)) {
      // warm-up, all three
      await baselineSearch(client, args);
      await service.search(SearchIndexName.PLACEMENTS, args);
      await service.search(SearchIndexName.PLACEMENTS, args, false);
    }
    // Interleaved, so the noise of a shared machine falls on all three alike.
    const baselineTimes: number[] = [];
    const meiliTimes: number[] = [];
    const bareTimes: number[] = [];
    let hits = 0;
    for (const args of searches) {
      let started = process.hrtime.bigint();
      const base = await baselineSearch(client, args);
      baselineTimes.push(elapsedMs(started));
      started = process.hrtime.bigint();
      const answer = await service.search(SearchIndexName.PLACEMENTS, args);
      meiliTimes.push(elapsedMs(started));
      if (answer.engine !== 'MEILISEARCH') throw new Error(`expected Meilisearch to answer, got ${answer.engine}: ${answer.notice}`);
      hits += answer.total;
      if (Math.min(base.estimatedTotalHits ?? 0, MAX_TOTAL_HITS) !== answer.total)
        log(`note: totals differ for ${JSON.stringify(args)}: ${base.estimatedTotalHits} vs ${answer.total}`);
      started = process.hrtime.bigint();
      await service.search(SearchIndexName.PLACEMENTS, args, false);
      bareTimes.push(elapsedMs(started));
    }
    const baselineStats = summarise(baselineTimes);
    const meiliStats = summarise(meiliTimes);
    const bareStats = summarise(bareTimes);
    log(`baseline (settings and request before issue 18): ${JSON.stringify(baselineStats)}`);
    log(`searchPlacements on Meilisearch, 8 facets: ${JSON.stringify(meiliStats)}; mean ${Math.round(hits / searches.length)} hits`);
    log(`searchPlacements on Meilisearch, no facets selected: ${JSON.stringify(bareStats)}`);
    await client.deleteIndex(BASELINE).waitTask({ timeout: 120_000 });
    const ratio2 = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const tuningTable = [
      '| placement search (typical coordinator searches, first 20; the three rows interleaved per search) | n | p50 ms | p95 ms | p99 ms | max ms |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      statsRow('baseline: index settings and request as before issue 18 (all 8 facets, highlighting always)', baselineStats),
      statsRow("tuned index, all 8 facets selected (the web app's first page)", meiliStats),
      statsRow('tuned index, `facets` not selected (further pages, maps, counts)', bareStats),
      '',
      `p95 ratios to the baseline in this run: all 8 facets **${ratio2(meiliStats.p95, baselineStats.p95)}**, no facets **${ratio2(bareStats.p95, baselineStats.p95)}** (p50: ${ratio2(meiliStats.p50, baselineStats.p50)} and ${ratio2(bareStats.p50, baselineStats.p50)}).`,
    ];
    if (TUNING_ONLY) {
      await app.close();
      const section = [
        '## Search tuning, before and after in one run (`npm run bench:search -- --tuning`)',
        '',
        machineLine(),
        '',
        `Data: ${counts.placements.toLocaleString('en')} placements (the national dataset). Placement index built with the tuned settings in ${builds.placements.seconds.toFixed(0)} s; the baseline index (settings as before issue 18) beside it in ${baselineBuild.toFixed(0)} s. Mean hits per search: ${Math.round(hits / searches.length).toLocaleString('en')}.`,
        '',
        ...tuningTable,
        '',
      ].join('\n');
      log(`wrote ${writeSection('## Search tuning, before and after', section)}`);
      return;
    }

    const employerTimes: number[] = [];
    for (const args of searches.slice(0, 300)) {
      const started = process.hrtime.bigint();
      await service.search(SearchIndexName.EMPLOYERS, args);
      employerTimes.push(elapsedMs(started));
    }
    const employerStats = summarise(employerTimes);
    log(`searchEmployers on Meilisearch: ${JSON.stringify(employerStats)}`);

    const postgres = app.get(PostgresSearchEngine);
    const pgTimes: number[] = [];
    for (const args of searches.slice(0, 100)) {
      const started = process.hrtime.bigint();
      await postgres.search({
        index: SearchIndexName.PLACEMENTS,
        query: args.query,
        filter: args.filter ?? {},
        near: args.near ?? null,
        sort: args.sort,
        offset: 0,
        limit: 20,
        facets: [],
      });
      pgTimes.push(elapsedMs(started));
    }
    const pgStats = summarise(pgTimes);
    log(`PostgreSQL fallback: ${JSON.stringify(pgStats)}`);
    await app.close();

    // Outbox lag: a worker running as in production; 20 background writes a second; 100 probes.
    const worker = await createApp(loadConfig(base), { url, singleConnection: false });
    await worker.init();
    const wdb = worker.get(DataSource);
    const ids: string[] = (await wdb.query(`SELECT id FROM placement TABLESAMPLE SYSTEM (1) REPEATABLE (3) LIMIT 2000`)).map((r: { id: string }) => r.id);
    let streaming = true;
    let streamed = 0;
    const stream = (async () => {
      while (streaming) {
        await wdb.query(`UPDATE placement SET hours_per_week = 8 + floor(random() * 24) WHERE id = $1`, [ids[streamed++ % 1000]]);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const index = meilisearchClient({ host: meili.url, apiKey: meili.masterKey }).index(`${PREFIX}placements`);
    const lags: number[] = [];
    for (let i = 0; i < 100; i++) {
      const id = ids[1000 + i];
      const token = `probe${i}x${Date.now().toString(36)}`;
      const started = process.hrtime.bigint();
      await wdb.query(`UPDATE placement SET title = $2 WHERE id = $1`, [id, `Stage ${token}`]);
      for (;;) {
        const { hits: found } = await index.search(token, { limit: 1, attributesToRetrieve: ['id'] });
        if (found[0]?.id === id) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      lags.push(elapsedMs(started));
    }
    streaming = false;
    await stream;
    await worker.close();
    const lagStats = summarise(lags);
    log(`outbox lag (write committed → searchable), ${streamed} background writes: ${JSON.stringify(lagStats)}`);

    const ratio = Math.round((meiliStats.p95 / pgStats.p95) * 100) / 100;
    const section = [
      '## Search at national scale (`npm run bench:search`)',
      '',
      machineLine(),
      '',
      `Data: ${counts.placements.toLocaleString('en')} placements at ${counts.sites.toLocaleString('en')} sites of ${counts.employers.toLocaleString('en')} employers (the national dataset of \`bench:match\`, with Dutch trade names, titles and tasks, and gazetteer place names).`,
      '',
      '| index build from PostgreSQL (batches of 5,000 into a fresh index, swapped in) | documents | seconds | documents/s |',
      '| --- | ---: | ---: | ---: |',
      ...Object.entries(builds).map(
        ([name, b]) =>
          `| ${name} | ${b.documents.toLocaleString('en')} | ${b.seconds.toFixed(0)} | ${Math.round(b.documents / b.seconds).toLocaleString('en')} |`,
      ),
      '',
      `The baseline placements index (settings as before issue 18, built beside the tuned one): ${baselineCount.toLocaleString('en')} documents in ${baselineBuild.toFixed(0)} s.`,
      '',
      '| query (typical coordinator searches: trade word, sometimes a place, radius 10–40 km, audience/free-seat/sector filters, first 20; the three placement rows interleaved per search) | n | p50 ms | p95 ms | p99 ms | max ms |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      statsRow('baseline: index settings and request as before issue 18 (all 8 facets, highlighting always)', baselineStats),
      statsRow("`searchPlacements` through SearchService on Meilisearch, tuned index, all 8 facets selected (the web app's first page)", meiliStats),
      statsRow('`searchPlacements` through SearchService on Meilisearch, tuned index, `facets` not selected (further pages, maps, counts)', bareStats),
      statsRow('`searchEmployers` through SearchService on Meilisearch (one hit per employer)', employerStats),
      statsRow('the PostgreSQL fallback on the same placement searches (first 100)', pgStats),
      statsRow(`outbox lag: write committed → found by a Meilisearch search, under ${streamed} other writes at ~20/s (worker polls every 250 ms)`, lagStats),
      '',
      `p95 ratios to the baseline in this run: all 8 facets **${Math.round((meiliStats.p95 / baselineStats.p95) * 100) / 100}**, no facets **${Math.round((bareStats.p95 / baselineStats.p95) * 100) / 100}** (p50: ${Math.round((meiliStats.p50 / baselineStats.p50) * 100) / 100} and ${Math.round((bareStats.p50 / baselineStats.p50) * 100) / 100}).`,
      '',
      `p95 ratio Meilisearch ÷ PostgreSQL fallback: **${ratio}**. Mean hits per placement search: ${Math.round(hits / searches.length).toLocaleString('en')}.`,
      '',
      "Reading it: the lag is mostly Meilisearch's own indexing time per update task on an index this size (see its task list), twice per batch (both indexes).",
      '',
    ].join('\n');
    log(`wrote ${writeSection('## Search at national scale', section)}`);
  } finally {
    await meili.stop();
    rmSync(meiliDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
