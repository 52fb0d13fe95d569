import 'reflect-metadata';
import { ConfigError, loadConfig } from '@stagebank/config';
import { buildDataSourceOptions, DataDirLockedError } from '@stagebank/persistence';
import { DataSource } from 'typeorm';
import { startDatabase } from '../bootstrap';

/** A problem with how the command was called: printed as a plain message, without a stack. */
export class UsageError extends Error {}

/**
 * Runs a command-line task against the configured database (or the embedded one, which must not
 * be in use by a running `npm start` at the same time: PGlite keeps one process per data folder).
 */
export async function withDatabase(task: (dataSource: DataSource) => Promise<void>): Promise<void> {
  try {
    const config = loadConfig();
    const database = await startDatabase(config);
    const dataSource = new DataSource({ ...buildDataSourceOptions({ url: database.url, poolSize: 1 }), logging: ['error'] });
    try {
      await dataSource.initialize();
      await task(dataSource);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.stop();
    }
  } catch (error) {
    console.error(error instanceof ConfigError || error instanceof UsageError || error instanceof DataDirLockedError ? error.message : error);
    process.exitCode = 1;
  }
}
