import 'reflect-metadata';
import { loadConfig } from '@stagebank/config';
import { SearchIndexName, SearchSort } from '@stagebank/search';
import { DataSource } from 'typeorm';
import { createApp } from '../apps/api/src/bootstrap';
import { queryWords } from '../apps/api/src/search/postgres-search.engine';
import { SearchTable } from '../apps/api/src/search/search-table';
import { SearchRepository } from '../apps/api/src/search/search.repository';
import { BENCH_DATABASE_URL, prepareBenchDatabase } from './bench-database';
import { machineLine, statsRow, writeSection } from './report';
import { typicalSearches } from './search-queries';
import { elapsedMs, summarise } from './stats';

/**
 * `npm run bench:search:fallback`: the PostgreSQL search (what answers when Meilisearch cannot) on
 * the national dataset. Fills the search tables from the document views from scratch (timed), then
 * runs the search benchmark's typical coordinator searches twice each, interleaved: over the
 * document views computed per query (how the fallback read before the tables, and still reads
 * until they are filled) and over the tables. Their answers differ only where a typo spans two
 * words (the views find it, the tables do not); a difference is counted and printed. Writes
 * BENCHMARKS.md.
 */
const url = BENCH_DATABASE_URL;
const log = (line: string) => console.log(line);
const SEARCHES = Number(process.env.SEARCHES ?? 100);

async function main(): Promise<void> {
  await prepareBenchDatabase(log);
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    AUTH_TOKEN_SECRET: 'x'.repeat(32),
    DATABASE_URL: url,
    SEARCH_ENGINE: 'postgres',
    JOBS_IN_PROCESS: 'false',
  });
  const app = await createApp(config, { url, singleConnection: false });
  await app.init();
  try {
    const db = app.get(DataSource);
    const table = app.get(SearchTable);

    // From scratch, as on a new database: no checkpoint, so the next round fills the tables whole.
    await db.query(`DELETE FROM change_checkpoint WHERE consumer = 'search-table'`);
    const fillStarted = process.hrtime.bigint();
    await table.follow();
    const fillSeconds = elapsedMs(fillStarted) / 1000;
    await db.query(`VACUUM ANALYZE search_placement_row`);
    await db.query(`VACUUM ANALYZE search_employer_row`);
    await db.query(`VACUUM ANALYZE search_word`);
    const [rows] = await db.query(
      `SELECT (SELECT count(*) FROM search_placement_row)::int AS placements, (SELECT count(*) FROM search_employer_row)::int AS sites,
              pg_size_pretty(pg_total_relation_size('search_placement_row') + pg_total_relation_size('search_employer_row')) AS size`,
    );
    log(`filled the search tables in ${fillSeconds.toFixed(1)} s: ${JSON.stringify(rows)}`);

    const points: Array<{ lat: number; lng: number; place: string }> = await db.query(
      `SELECT ST_Y(location::geometry) AS lat, ST_X(location::geometry) AS lng, place FROM site TABLESAMPLE SYSTEM (1) REPEATABLE (7) LIMIT 300`,
    );
    const searches = typicalSearches(SEARCHES, points);
    const repository = app.get(SearchRepository);
    const times: Record<'views' | 'tables', number[]> = { views: [], tables: [] };
    let differ = 0;
    for (const [i, args] of searches.entries()) {
      const request = {
        index: SearchIndexName.PLACEMENTS,
        query: args.query,
        filter: args.filter ?? {},
        near: args.near ?? null,
        sort: args.sort ?? SearchSort.RELEVANCE,
        offset: 0,
        limit: 20,
        facets: [],
      };
      const words = queryWords(request.query);
      const answers: Record<string, string> = {};
      // Interleaved, the order alternating, so neither side always finds the other's pages cached.
      for (const source of i % 2 === 0 ? (['views', 'tables'] as const) : (['tables', 'views'] as const)) {
        const started = process.hrtime.bigint();
        const result = await repository.searchDocuments(request, words, source === 'tables');
        times[source].push(elapsedMs(started));
        answers[source] = JSON.stringify({ total: result.total, ids: result.hits.map((h) => h.id) });
      }
      if (answers.views !== answers.tables) {
        differ++;
        log(`differ: ${JSON.stringify(args)}\n  views  ${answers.views}\n  tables ${answers.tables}`);
      }
    }
    const views = summarise(times.views);
    const tables = summarise(times.tables);
    log(`views: ${JSON.stringify(views)}\ntables: ${JSON.stringify(tables)}`);
    const ratio = (tables.p95 / views.p95).toFixed(3);

    const heading = '## The PostgreSQL search fallback at national scale (`npm run bench:search:fallback`)';
    writeSection(
      heading,
      [
        heading,
        '',
        `\`node dist/bench/search-fallback.bench.js\`. ${machineLine()}`,
        '',
        `Data: ${rows.placements.toLocaleString('en')} placements, ${rows.sites.toLocaleString('en')} sites. The search tables filled from the document views in ${fillSeconds.toFixed(1)} s (one transaction; ${rows.size} with their indexes, dead rows of an earlier fill included).`,
        '',
        `| placement search on PostgreSQL (the search benchmark's typical coordinator searches, first 20, no facets; the two rows interleaved per search) | n | p50 ms | p95 ms | p99 ms | max ms |`,
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        statsRow('the document views, computed per query (before)', views),
        statsRow('the search tables (`search_placement_row`)', tables),
        '',
        `p95 ratio tables ÷ views: **${ratio}**. Searches whose total or first page differed between the two: ${differ} of ${searches.length}`,
        '(the views take a typo over the whole text, so also from letters of two words side by side; the tables take it in one word, as Meilisearch does).',
        '',
      ].join('\n'),
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
