// The API in a process of its own with tracing on (OTEL_EXPORTER_OTLP_ENDPOINT from the test),
// on the run's test database and Meilisearch; prints `{ port, token }` once it listens.
// First, as in main.ts: tracing must wrap pg, http and graphql before they load.
import { tracing } from '../../apps/api/src/tracing-start';
import 'reflect-metadata';
import { MembershipRole } from '@stagebank/domain';
import { loadConfig } from '@stagebank/config';
import { DataSource } from 'typeorm';
import { TokenService } from '../../apps/api/src/auth/token.service';
import { createApp } from '../../apps/api/src/bootstrap';
import { Factory } from './factories';
import type { TestApp } from './test-app';

async function main(): Promise<void> {
  const running = tracing;
  if (!running) throw new Error('tracing is off: OTEL_EXPORTER_OTLP_ENDPOINT is not set');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MEILI_URL: process.env.STAGEBANK_TEST_MEILI_URL,
    MEILI_MASTER_KEY: process.env.STAGEBANK_TEST_MEILI_MASTER_KEY,
    MEILI_INDEX_PREFIX: 'test_',
    GEOCODER_URL: 'none',
    MAP_TILES_URL: 'none',
    AUTH_TOKEN_SECRET: 'stagebank-test-run-secret-0123456789abcdef',
  });
  const app = await createApp(config, {
    url: process.env.STAGEBANK_TEST_DATABASE_URL!,
    singleConnection: process.env.STAGEBANK_TEST_DATABASE_EMBEDDED === '1',
  });
  await app.listen(0, '127.0.0.1');
  const member = await new Factory({ app, db: app.get(DataSource), tokens: app.get(TokenService) } as unknown as TestApp).member(MembershipRole.COORDINATOR);
  const { port } = app.getHttpServer().address() as { port: number };
  process.stdout.write(`${JSON.stringify({ port, token: member.token })}\n`);
  process.once('SIGTERM', () => {
    void (async () => {
      await app.close();
      await running.shutdown();
      process.exit(0);
    })();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
