import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@stagebank/config';
import { startEmbeddedPostgres, migrateDatabase } from '@stagebank/persistence';
import { EmbeddedMeilisearch, meilisearchBinary, startEmbeddedMeilisearch } from '@stagebank/search';
import { createHttpTerminator } from 'http-terminator';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule, AppOptions, DatabaseTarget } from './app.module';
import { LoggingOptions, ServiceLogger } from './logging/logging';
import { serveWebApp } from './web/web-app';

/** Builds the Nest application (not yet listening) on a database that is already running. */
export async function createApp(
  config: AppConfig,
  database: DatabaseTarget,
  logging: LoggingOptions = {},
  options: AppOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database, logging, options), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(ServiceLogger));
  // Nest flushes the start-up buffer on listen(); an app that is only init()ed (tests,
  // search:reindex) would otherwise keep every later Logger line in that buffer, unwritten.
  app.flushLogs();
  app.useBodyParser('json', { limit: config.bodyLimitBytes });
  serveWebApp(app);
  return app;
}

export interface RunningDatabase extends DatabaseTarget {
  /** Stops the embedded database; a no-op for an external one. */
  stop(): Promise<void>;
  embedded: boolean;
}

/** The configured PostgreSQL, or the embedded PGlite one when DATABASE_URL is not set. */
export async function startDatabase(config: AppConfig): Promise<RunningDatabase> {
  if (config.database.url) return { url: config.database.url, singleConnection: false, embedded: false, stop: async () => {} };
  const embedded = await startEmbeddedPostgres(config.database.embeddedDataDir);
  return { url: embedded.url, singleConnection: true, embedded: true, stop: () => embedded.stop() };
}

/** Applies pending migrations; returns their names. */
export async function migrate(app: INestApplication): Promise<string[]> {
  const migrations = await migrateDatabase(app.get(DataSource));
  return migrations.map((m) => m.name);
}

export interface RunningSearch {
  /** The config with the Meilisearch URL and key filled in when an embedded one was started. */
  config: AppConfig;
  /** One line for the start-up banner. */
  description: string;
  /** The embedded Meilisearch when this process runs one (supervised: restarted when it dies). */
  embedded?: EmbeddedMeilisearch;
  stop(): Promise<void>;
}

/**
 * Search as configured: an external Meilisearch (MEILI_URL), else the embedded one from the
 * optional npm binary, else PostgreSQL search alone, saying why.
 */
export async function startSearch(config: AppConfig): Promise<RunningSearch> {
  const none = async () => {};
  const postgresOnly = (why: string): RunningSearch => ({
    config: { ...config, search: { ...config.search, mode: 'postgres', url: null } },
    description: `PostgreSQL search only: ${why}`,
    stop: none,
  });
  if (config.search.mode === 'postgres') return postgresOnly('SEARCH_ENGINE=postgres');
  if (config.search.url) return { config, description: `Meilisearch at ${config.search.url}`, stop: none };
  if (!meilisearchBinary()) return postgresOnly('no Meilisearch binary for this platform; set MEILI_URL to use a Meilisearch server');
  // On a shared PostgreSQL, a second replica with its own embedded Meilisearch would take half the
  // outbox into an index nobody else reads: only one process may run one per database.
  const claim = config.database.url ? await claimEmbeddedSearch(config.database.url) : null;
  try {
    const logger = new Logger('Search');
    const meili = await startEmbeddedMeilisearch(config.search.embeddedDataDir, { onEvent: (message) => logger.warn(message) });
    return {
      config: { ...config, search: { ...config.search, url: meili.url, masterKey: meili.masterKey } },
      description: `embedded Meilisearch at ${meili.url} (data in ${config.search.embeddedDataDir})`,
      embedded: meili,
      stop: async () => {
        await meili.stop();
        await claim?.release();
      },
    };
  } catch (error) {
    await claim?.release();
    return postgresOnly(`the embedded Meilisearch did not start (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
}

/** Arbitrary, fixed: the advisory lock key meaning "this database's embedded Meilisearch". */
export const EMBEDDED_SEARCH_LOCK_KEY = 7_305_118_920;

/** Thrown when another process on the same database already runs the embedded Meilisearch. */
export class EmbeddedSearchTakenError extends Error {
  constructor() {
    super(
      'Another stagebank process on this database already runs an embedded Meilisearch. Replicas must share one: set MEILI_URL (and MEILI_MASTER_KEY) to a Meilisearch server all of them use, or SEARCH_ENGINE=postgres.',
    );
    this.name = 'EmbeddedSearchTakenError';
  }
}

/**
 * Takes a session-level advisory lock, held on a connection of its own for as long as this process
 * runs the embedded Meilisearch; PostgreSQL drops it when the process dies in any way.
 */
export async function claimEmbeddedSearch(databaseUrl: string): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'stagebank embedded search' });
  await client.connect();
  client.on('error', () => {}); // a lost connection only drops the claim; nothing to crash for
  const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [EMBEDDED_SEARCH_LOCK_KEY]);
  if (!rows[0].ok) {
    await client.end();
    throw new EmbeddedSearchTakenError();
  }
  return { release: () => client.end().catch(() => {}) };
}

/**
 * Stops the service without losing or orphaning a write: first the HTTP server stops accepting
 * connections and closes idle keep-alive ones; requests already running get up to `graceMs` to
 * finish (their answers carry `Connection: close`), after which their sockets are cut; only then
 * do the jobs and the database pool stop (`app.close()`), and last the `after` steps (search,
 * the embedded database). Closing the pool first, as before, failed running queries with
 * "Connection terminated" or committed their writes without an answer.
 */
export async function shutdown(app: INestApplication, graceMs: number, after: Array<() => Promise<void>> = []): Promise<void> {
  const server = app.getHttpServer() as import('node:http').Server;
  if (server.listening) await createHttpTerminator({ server, gracefulTerminationTimeout: graceMs }).terminate();
  await app.close();
  for (const step of after) await step();
}
