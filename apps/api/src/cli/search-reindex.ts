import 'reflect-metadata';
import { ConfigError, loadConfig } from '@stagebank/config';
import { SearchIndexName } from '@stagebank/search';
import { DataDirLockedError } from '@stagebank/persistence';
import { createApp, startDatabase, startSearch } from '../bootstrap';
import { SearchIndexer } from '../search/search-indexer';

/**
 * `npm run search:reindex [-- placements|employers]`: rebuilds the Meilisearch indexes from
 * PostgreSQL into fresh indexes and swaps them in; searches keep answering from the old ones
 * meanwhile, and running workers carry on. On the embedded default while `npm start` runs, use
 * the `rebuildSearchIndex` mutation instead (the embedded database serves one process).
 */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !Object.values<string>(SearchIndexName).includes(name));
  if (unknown.length) throw new ConfigError([`unknown index ${unknown.join(', ')}; choose from ${Object.values(SearchIndexName).join(', ')}`]);
  const indexes = wanted.length ? (wanted as SearchIndexName[]) : Object.values(SearchIndexName);

  const config = loadConfig({ ...process.env, SEARCH_WORKER: 'false', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const database = await startDatabase(config);
  const search = await startSearch(config);
  try {
    if (search.config.search.mode === 'postgres') throw new ConfigError([`nothing to rebuild: ${search.description}`]);
    const app = await createApp(search.config, database);
    await app.init();
    try {
      const indexer = app.get(SearchIndexer);
      const deadline = Date.now() + 60_000;
      while (!indexer.ready) {
        if (Date.now() > deadline) throw new Error(`Meilisearch is not ready: ${indexer.state} ${indexer.lastError ?? ''}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      for (const index of indexes) {
        const started = Date.now();
        const count = await indexer.rebuild(index);
        console.log(`${index}: ${count} documents rebuilt and swapped in (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      }
    } finally {
      await app.close();
    }
  } finally {
    await search.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof DataDirLockedError ? error.message : error);
  process.exitCode = 1;
});
