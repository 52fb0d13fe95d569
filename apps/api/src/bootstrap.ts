import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@stagebank/config';
import { startEmbeddedPostgres } from '@stagebank/persistence';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppModule, DatabaseTarget } from './app.module';

/** Builds the Nest application (not yet listening) on a database that is already running. */
export async function createApp(config: AppConfig, database: DatabaseTarget): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: config.bodyLimitBytes });
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
  const migrations = await app.get(DataSource).runMigrations({ transaction: 'each' });
  return migrations.map((m) => m.name);
}
