import 'reflect-metadata';
import { buildDataSourceOptions } from '@stagebank/persistence';
import { DataSource } from 'typeorm';
import { seedDemoIfEmpty } from '../../seeds/demo-seed';
import { freshTestDatabase } from './test-database';

/** Migrates a fresh database once per run and loads the demo network into it. */
export default async function globalSetup(): Promise<void> {
  const database = await freshTestDatabase();
  const dataSource = new DataSource(buildDataSourceOptions({ url: database.url, poolSize: 1 }));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await seedDemoIfEmpty(dataSource);
  await dataSource.destroy();
  process.env.STAGEBANK_TEST_DATABASE_URL = database.url;
  process.env.STAGEBANK_TEST_DATABASE_EMBEDDED = database.embedded ? '1' : '';
  (globalThis as { __stagebankTestDatabase?: typeof database }).__stagebankTestDatabase = database;
}
