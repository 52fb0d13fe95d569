// First: tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must wrap pg, http and graphql before they load.
import { tracing } from './tracing-start';
import 'reflect-metadata';
import { ConfigError, loadConfig } from '@stagebank/config';
import { DataSource } from 'typeorm';
import { demoMembers } from '../../../seeds/demo-members';
import { TokenService } from './auth/token.service';
import { createApp, EmbeddedSearchTakenError, migrate, shutdown, startDatabase, startSearch } from './bootstrap';
import { webAppDirectory } from './common/web-app-directory';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  const database = await startDatabase(config);
  let search;
  try {
    search = await startSearch(config);
  } catch (error) {
    if (error instanceof EmbeddedSearchTakenError) {
      console.error(error.message);
      await database.stop();
      process.exit(78); // EX_CONFIG: the configuration needs MEILI_URL
    }
    throw error;
  }
  config = search.config;
  const app = await createApp(config, database);
  const applied = await migrate(app);
  // The seed (faker, the gazetteer) is loaded only where the demo is wanted.
  const seeded = config.seedDemo ? await (await import('../../../seeds/demo-seed.js')).seedDemoIfEmpty(app.get(DataSource)) : null;
  await app.listen(config.port, config.host);

  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const lines = [
    '',
    `stagebank is running on ${database.embedded ? `the embedded PGlite database (${config.database.embeddedDataDir})` : 'PostgreSQL'}`,
    `  search: ${search.description}`,
    applied.length ? `  migrations applied: ${applied.join(', ')}` : '  schema up to date',
    seeded ? `  demo data loaded: ${seeded}` : '',
    webAppDirectory() ? `  Web app: ${base}/` : '  Web app: not built (npm run build:web)',
    `  GraphQL: ${base}/graphql`,
    `  Health:  ${base}/health`,
  ];
  if (config.demoSignIn) {
    const tokens = app.get(TokenService);
    const members = await demoMembers(app.get(DataSource));
    lines.push('', 'Demo users (send as "Authorization: Bearer <token>"; valid 12 hours, for this run):');
    for (const m of members) lines.push(`  ${m.label}`, `    ${tokens.sign({ sub: m.userId, org: m.organisationId })}`);
  }
  console.log(lines.filter((l) => l !== '').join('\n'));

  const graceMs = config.shutdownGraceMs;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await shutdown(app, graceMs, [() => search.stop(), () => database.stop(), async () => void (await tracing?.shutdown())]);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
