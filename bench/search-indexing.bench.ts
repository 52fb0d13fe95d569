import 'reflect-metadata';
import { loadConfig } from '@stagebank/config';
import {
  MeilisearchIndexes,
  MeilisearchSearchEngine,
  SearchIndexName,
  SearchNear,
  SearchSort,
  indexSettings,
  meilisearchClient,
  startEmbeddedMeilisearch,
} from '@stagebank/search';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../apps/api/src/bootstrap';
import { SearchDocuments } from '../apps/api/src/search/search-documents';
import { SearchIndexer } from '../apps/api/src/search/search-indexer';
import { BENCH_DATABASE_URL, prepareBenchDatabase } from './bench-database';
import { machineLine, statsRow, writeSection } from './report';
import { elapsedMs, summarise } from './stats';

/**
 * `npm run bench:search:indexing`: where Meilisearch spends a small write's time on the national
 * indexes, and what a radius costs a search. Builds both indexes from the national dataset, then
 * sends small updates (one document unchanged, one with new text, 250 with a facet changed) and
 * reads each batch's `progressTrace` (Meilisearch's own timing of its indexing steps); then times
 * the same searches without a radius, with one, and sorted by distance. Writes BENCHMARKS.md.
 *
 * `--meili-dir DIR` keeps the indexes in DIR and reuses them on the next run (no build).
 */
const log = (line: string) => console.log(line);
const PREFIX = 'bench_';
/** The placements index with the same documents and settings but `_geo` filterable and sortable, as before the grid cells (geo-cells.ts): the control. */
const WITH_GEO = `${PREFIX}placements_with_geo`;
const REPEATS = 5;
const dirArg = process.argv.indexOf('--meili-dir');
const KEPT_DIR = dirArg > 0 ? process.argv[dirArg + 1] : null;
const MASTER_KEY = 'bench-master-key-0123456789';

type Doc = Record<string, unknown> & { id: string };

/** Meilisearch's durations ("3.17s", "492.22ms", "12.5µs") in ms. */
function durationMs(text: string): number {
  const m = /^([\d.]+)(s|ms|µs|ns)$/.exec(text);
  if (!m) return 0;
  return Number(m[1]) * { s: 1000, ms: 1, µs: 1e-3, ns: 1e-6 }[m[2] as 's' | 'ms' | 'µs' | 'ns'];
}

/** Step names as Meilisearch 1.21 reports them in a batch's progressTrace. */
const INDEXING = 'processing tasks > indexing';
const GEO = `${INDEXING} > writing geo points`;

interface Probe {
  batchMs: number;
  geoMs: number;
  /** The other steps of indexing together (extracting and merging words and facets, post processing, committing). */
  otherStepsMs: number;
  /** Indexing time in no named step. */
  unnamedMs: number;
}

async function main(): Promise<void> {
  await prepareBenchDatabase(log);
  const meiliDir = KEPT_DIR ?? mkdtempSync(join(tmpdir(), 'stagebank-bench-indexing-'));
  const reuse = KEPT_DIR !== null && existsSync(join(KEPT_DIR, 'data.ms'));
  const meili = await startEmbeddedMeilisearch(meiliDir, { masterKey: MASTER_KEY });
  try {
    const url = BENCH_DATABASE_URL;
    const client = meilisearchClient({ host: meili.url, apiKey: meili.masterKey, timeout: 120_000 });
    const builds: string[] = [];
    if (!reuse) {
      const base = { NODE_ENV: 'production', LOG_LEVEL: 'silent', AUTH_TOKEN_SECRET: 'x'.repeat(32), DATABASE_URL: url };
      const search = { MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, MEILI_INDEX_PREFIX: PREFIX };
      await new MeilisearchIndexes(client, PREFIX).ensure();
      const app = await createApp(loadConfig({ ...base, ...search, SEARCH_WORKER: 'false' }), { url, singleConnection: false });
      await app.init();
      const indexer = app.get(SearchIndexer);
      while (!indexer.ready) await new Promise((r) => setTimeout(r, 100));
      const db = app.get(DataSource);
      for (const index of Object.values(SearchIndexName)) {
        const started = process.hrtime.bigint();
        // The same build as SearchIndexer.rebuild: a fresh index, swapped in.
        const count = await new MeilisearchIndexes(client, PREFIX).rebuild(index, app.get(SearchDocuments).all(index, db.manager));
        builds.push(`${index}: ${count.toLocaleString('en')} documents in ${(elapsedMs(started) / 1000).toFixed(0)} s`);
        log(`built ${builds[builds.length - 1]}`);
      }
      const started = process.hrtime.bigint();
      const settings = indexSettings(SearchIndexName.PLACEMENTS);
      await client.createIndex(WITH_GEO, { primaryKey: 'id' }).waitTask({ timeout: 60_000 });
      await client
        .index(WITH_GEO)
        .updateSettings({ ...settings, filterableAttributes: [...settings.filterableAttributes, '_geo'], sortableAttributes: ['_geo', 'createdAt'] })
        .waitTask({ timeout: 60_000 });
      let count = 0;
      for await (const batch of app.get(SearchDocuments).all(SearchIndexName.PLACEMENTS, db.manager)) {
        count += batch.length;
        await client.index(WITH_GEO).addDocuments(batch, { primaryKey: 'id' }).waitTask({ timeout: 600_000 });
      }
      builds.push(`placements with \`_geo\`: ${count.toLocaleString('en')} documents in ${(elapsedMs(started) / 1000).toFixed(0)} s`);
      log(`built ${builds[builds.length - 1]}`);
      await app.close();
    }

    // One update, then its batch as Meilisearch timed it (a lone task is a batch of its own).
    const probe = async (uid: string, documents: Doc[]): Promise<Probe> => {
      const task = await client.index(uid).addDocuments(documents, { primaryKey: 'id' }).waitTask({ timeout: 120_000, interval: 20 });
      if (task.status !== 'succeeded' || task.batchUid === null) throw new Error(`task ${task.uid} ${task.status}`);
      const batch = await client.batches.getBatch(task.batchUid);
      const trace: Record<string, string> = batch.stats.progressTrace ?? {};
      const steps = Object.entries(trace).filter(([name]) => name.startsWith(`${INDEXING} > `) && name.split(' > ').length === 3);
      const stepsMs = steps.reduce((sum, [, d]) => sum + durationMs(d), 0);
      const geoMs = durationMs(trace[GEO] ?? '0ms');
      return {
        batchMs: durationMs((batch.duration ?? '').replace(/^PT/, '').toLowerCase()),
        geoMs,
        otherStepsMs: stepsMs - geoMs,
        unnamedMs: durationMs(trace[INDEXING] ?? '0ms') - stepsMs,
      };
    };

    const rows: string[] = [];
    const indexes: Array<[string, string]> = [
      ...Object.values(SearchIndexName).map((index): [string, string] => [index, `${PREFIX}${index}`]),
      ['placements with `_geo`, as before (control)', WITH_GEO],
    ];
    for (const [index, uid] of indexes) {
      const { numberOfDocuments } = await client.index(uid).getStats();
      const { results } = await client.index(uid).getDocuments<Doc>({ limit: 250 * REPEATS, offset: 1000 });
      const kinds: Array<[string, (k: number) => Doc[]]> = [
        ['1 document, unchanged', (k) => [results[k]]],
        [
          '1 document, a new word in its description',
          (k) => [{ ...results[k], description: `${results[k].description ?? ''} proefwoord${k}x${Date.now().toString(36)}` }],
        ],
        ['250 documents, a facet changed (`hasFreeSeat`)', (k) => results.slice(k * 250, (k + 1) * 250).map((d) => ({ ...d, hasFreeSeat: !d.hasFreeSeat }))],
      ];
      for (const [kind, documents] of kinds) {
        const probes: Probe[] = [];
        for (let k = 0; k < REPEATS; k++) probes.push(await probe(uid, documents(k)));
        const p50 = (pick: (p: Probe) => number) => summarise(probes.map(pick)).p50.toFixed(0);
        const geoShare = probes.reduce((s, p) => s + p.geoMs, 0) / probes.reduce((s, p) => s + p.batchMs, 0);
        rows.push(
          `| ${index} (${numberOfDocuments.toLocaleString('en')} documents) | ${kind} | ${REPEATS} | ${p50((p) => p.batchMs)} | ${p50((p) => p.geoMs)} | ${p50((p) => p.otherStepsMs)} | ${p50((p) => p.unnamedMs)} | ${Math.round(geoShare * 100)} % |`,
        );
        log(rows[rows.length - 1]);
      }
    }

    // Searches: the same words and places, without a radius, with one, and sorted by distance; interleaved.
    const places = [
      [52.37, 4.89],
      [51.92, 4.48],
      [52.09, 5.12],
      [53.22, 6.57],
      [51.44, 5.47],
      [52.16, 4.49],
      [51.69, 5.3],
      [52.51, 6.09],
    ];
    const words = ['schoonmaak', 'kok', 'magazijn', 'zorg', 'groen', 'winkel', 'monteur', 'dieren'];
    const withGeo = client.index(WITH_GEO);
    const placements = client.index(`${PREFIX}${SearchIndexName.PLACEMENTS}`);
    const engine = new MeilisearchSearchEngine(client, PREFIX);
    const through = (query: string, near: SearchNear | null, sort: SearchSort) =>
      engine.search({ index: SearchIndexName.PLACEMENTS, query, filter: {}, near, sort, offset: 0, limit: 20, facets: [] });
    const searches: Array<[string, (word: string, lat: number, lng: number) => Promise<unknown>]> = [
      ['a word, no radius (straight)', (word) => placements.search(word, { limit: 20, attributesToRetrieve: ['id'] })],
      [
        'a word within 20 km (straight, `_geoRadius`, the index with `_geo`)',
        (word, lat, lng) => withGeo.search(word, { filter: [`_geoRadius(${lat}, ${lng}, 20000)`], limit: 20, attributesToRetrieve: ['id'] }),
      ],
      [
        'a word within 20 km, nearest first (straight, `_geoPoint` sort, the index with `_geo`)',
        (word, lat, lng) =>
          withGeo.search(word, {
            filter: [`_geoRadius(${lat}, ${lng}, 20000)`],
            sort: [`_geoPoint(${lat}, ${lng}):asc`],
            limit: 20,
            attributesToRetrieve: ['id'],
          }),
      ],
      ['a word, no radius (the engine, marking what matched)', (word) => through(word, null, SearchSort.RELEVANCE)],
      [
        'a word within 20 km (the engine: grid cells)',
        (word, latitude, longitude) => through(word, { latitude, longitude, radiusKm: 20 }, SearchSort.RELEVANCE),
      ],
      [
        'a word within 20 km, nearest first (the engine: grid cells)',
        (word, latitude, longitude) => through(word, { latitude, longitude, radiusKm: 20 }, SearchSort.DISTANCE),
      ],
    ];
    const times = searches.map(() => [] as number[]);
    for (let round = 0; round < 26; round++) {
      for (let i = 0; i < places.length; i++) {
        for (let s = 0; s < searches.length; s++) {
          const [lat, lng] = places[i];
          const started = process.hrtime.bigint();
          await searches[s][1](words[(i + round) % words.length], lat, lng);
          if (round > 0) times[s].push(elapsedMs(started)); // the first round warms up
        }
      }
    }
    const searchRows = searches.map(([name], s) => statsRow(name, summarise(times[s])));
    searchRows.forEach((row) => log(row));

    const section = [
      '## Where a Meilisearch write spends its time (`npm run bench:search:indexing`)',
      '',
      machineLine(),
      '',
      `Data: the national dataset's two indexes, built with the service's settings (\`libs/search/src/index-settings.ts\`)${builds.length ? ` in this run: ${builds.join('; ')}` : ' in an earlier run (`--meili-dir`)'}. Each update was sent on its own and waited for, so each is a batch of its own; the times are Meilisearch's own (the batch's \`duration\` and \`stats.progressTrace\`), p50 of ${REPEATS}.`,
      '',
      '| index | update | n | batch ms | writing geo points ms | all other named steps ms | in no named step ms | geo share of the batch |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      "Searches on the placements indexes, the same words and eight places, interleaved: straight to Meilisearch (ids only, no facets or highlighting: only what a radius adds), and through the service's engine (`MeilisearchSearchEngine`: ids, points and marks, no facets):",
      '',
      '| search (first 20) | n | p50 ms | p95 ms | p99 ms | max ms |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...searchRows,
      '',
    ].join('\n');
    log(`wrote ${writeSection('## Where a Meilisearch write spends its time', section)}`);
  } finally {
    await meili.stop();
    if (!KEPT_DIR) rmSync(meiliDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
