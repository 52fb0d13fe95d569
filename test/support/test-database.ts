import { startEmbeddedPostgres, EmbeddedPostgres } from '@stagebank/persistence';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** Refuses any database whose name does not say it is for tests: the setup wipes it. */
export function assertTestDatabase(url: string): void {
  const name = new URL(url).pathname.replace(/^\//, '');
  if (!/test/i.test(name)) throw new Error(`Refusing to wipe database "${name}": its name must contain "test"`);
}

/**
 * A fresh, empty database: with DATABASE_URL, that database with its public schema dropped and
 * made anew; without, an in-memory PGlite.
 */
export async function freshTestDatabase(url = process.env.DATABASE_URL): Promise<TestDatabase> {
  if (!url) {
    const embedded: EmbeddedPostgres = await startEmbeddedPostgres('memory://');
    return { url: embedded.url, embedded: true, stop: () => embedded.stop() };
  }
  assertTestDatabase(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
  await client.end();
  return { url, embedded: false, stop: async () => {} };
}

/** A second, separate database for tests that need their own (migrations up and down). */
export async function scratchDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) return freshTestDatabase(undefined);
  const url = new URL(base);
  const name = `${url.pathname.replace(/^\//, '')}_scratch`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    embedded: false,
    async stop() {
      const cleanup = new Client({ connectionString: base });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
