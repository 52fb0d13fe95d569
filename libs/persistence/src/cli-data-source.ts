import { loadConfig } from '@stagebank/config';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

/**
 * For TypeORM's own CLI (`npm run migration:generate`), which needs a real PostgreSQL in
 * DATABASE_URL. Running and reverting migrations, also on the embedded database, is `npm run migrate`.
 */
const config = loadConfig();
if (!config.database.url) throw new Error('DATABASE_URL is required to generate migrations');
export default new DataSource(buildDataSourceOptions({ url: config.database.url, poolSize: 1 }));
