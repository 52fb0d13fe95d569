// First: tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must wrap pg before it loads.
import { tracing } from '../../api/src/tracing-start';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@stagebank/config';
import { AppModule } from '../../api/src/app.module';
import { startDatabase, startSearch } from '../../api/src/bootstrap';
import { JobRunner } from '../../api/src/jobs/job-runner';
import { ServiceLogger } from '../../api/src/logging/logging';

/**
 * The background jobs as a process of their own, for production: search indexing, notifications,
 * webhooks, retention and pruning, with the same switches (JOBS_DISABLED) as in the API, and no
 * HTTP. Run the API with JOBS_IN_PROCESS=false beside it. It needs PostgreSQL (DATABASE_URL): the
 * embedded database serves one process, which runs the jobs itself. The API applies migrations;
 * a worker waits for none and starts on the schema it finds.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
    if (!config.database.url)
      throw new ConfigError(['DATABASE_URL is not set: the worker needs PostgreSQL (on the embedded database the API runs the jobs itself)']);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  config = { ...config, jobs: { ...config.jobs, inProcess: true } };
  const database = await startDatabase(config);
  // An external Meilisearch (MEILI_URL) only: an embedded one would be this process's own, not the API's.
  const search = await startSearch(config.search.url ? config : { ...config, search: { ...config.search, mode: 'postgres' } });
  config = search.config;
  const app = await NestFactory.createApplicationContext(AppModule.forWorker(config, database), { bufferLogs: true });
  app.useLogger(app.get(ServiceLogger));
  await app.init();
  const jobs = (await app.get(JobRunner).status()).filter((job) => job.runsHere).map((job) => job.name);
  console.log(`stagebank worker running on PostgreSQL; search: ${search.description}\n  jobs: ${jobs.join(', ')}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await app.close();
    await search.stop();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
