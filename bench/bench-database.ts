import { buildDataSourceOptions, migrateDatabase } from '@stagebank/persistence';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { generateNationalDataset } from './national-dataset';

/** The benchmark database (real PostgreSQL + PostGIS); `--fresh` rebuilds it. */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/stagebank_bench';

/**
 * Makes sure the national dataset is there (built on first use or with --fresh); returns the
 * benchmark school's id. `migrate: false` leaves an existing database's schema to the API a
 * benchmark starts from another build (`--api-dist`), which migrates it to its own on start.
 */
export async function prepareBenchDatabase(log: (line: string) => void, url = BENCH_DATABASE_URL, { migrate = true } = {}): Promise<string> {
  const name = new URL(url).pathname.slice(1);
  const admin = new Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  const fresh = process.argv.includes('--fresh') || !exists;
  if (fresh) {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  }
  await admin.end();

  // Migrations first, so an existing benchmark database follows the schema.
  if (migrate || fresh) {
    const db = new DataSource(buildDataSourceOptions({ url, poolSize: 1 }));
    await db.initialize();
    await migrateDatabase(db);
    await db.destroy();
  }

  const client = new Client({ connectionString: url });
  await client.connect();
  const school = !fresh && (await client.query(`SELECT id FROM organisation WHERE name = 'Benchmark PrO'`)).rows[0];
  let schoolId: string;
  if (school) {
    schoolId = school.id;
    log('Using the existing benchmark database (pass --fresh to rebuild it).');
  } else {
    log(`Building the national dataset in ${name}:`);
    schoolId = await generateNationalDataset(client, log);
  }
  await client.end();
  return schoolId;
}
