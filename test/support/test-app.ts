import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { loadConfig } from '@stagebank/config';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TokenService } from '../../apps/api/src/auth/token.service';
import { createApp } from '../../apps/api/src/bootstrap';
import type { LoggingOptions } from '../../apps/api/src/logging/logging';
import type { ImportWorkerEntry } from '../../apps/api/src/transfer/import-workers';

export interface GraphQLResult<T = Record<string, any>> {
  status: number;
  data: T | null;
  errors?: Array<{ message: string; extensions: { code: string; field?: string; problems?: unknown[] } }>;
}

export interface TestApp {
  app: INestApplication;
  db: DataSource;
  tokens: TokenService;
  /** POSTs a GraphQL operation, signed in as `token` when given. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResult<T>>;
  close(): Promise<void>;
}

/**
 * The CSV import's worker thread from the TypeScript sources: Jest loads those through its own
 * module system, which a thread does not share, so the thread loads them through SWC
 * (register-ts.cjs) with the path aliases, as a test's child process does.
 */
const IMPORT_WORKER: ImportWorkerEntry = {
  filename: [join(__dirname, 'register-ts.cjs'), join(__dirname, '../../apps/api/src/transfer/import.worker.ts')]
    .map((file) => `require(${JSON.stringify(file)});`)
    .join('\n'),
  options: { eval: true },
};

/**
 * The real application on the run's test database and Meilisearch (see global-setup.ts), without
 * listening on a port. `env` overrides the configuration, e.g. SEARCH_ENGINE=postgres; `logging`
 * can send the log to a stream the test reads (with LOG_LEVEL set in `env`).
 */
export async function startTestApp(env: NodeJS.ProcessEnv = {}, logging: LoggingOptions = {}): Promise<TestApp> {
  const url = process.env.STAGEBANK_TEST_DATABASE_URL;
  if (!url) throw new Error('STAGEBANK_TEST_DATABASE_URL is not set: run the tests through jest (global-setup.ts)');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MEILI_URL: process.env.STAGEBANK_TEST_MEILI_URL,
    MEILI_MASTER_KEY: process.env.STAGEBANK_TEST_MEILI_MASTER_KEY,
    MEILI_INDEX_PREFIX: 'test_',
    SEARCH_POLL_MS: '50',
    SEARCH_RETRY_MAX_MS: '500',
    // Tests never call out to the internet; import tests point this at a local stand-in for PDOK.
    GEOCODER_URL: 'none',
    // One secret for every instance in the run, so a token works on each of several app instances.
    AUTH_TOKEN_SECRET: 'stagebank-test-run-secret-0123456789abcdef',
    NOTIFICATION_POLL_MS: '100',
    // Tests check that a match sees the writes before it; on a machine loaded past its cores, applying
    // them can outlast production's 1 s bound (after which a match answers from the index as it is).
    MATCHING_FRESHNESS_WAIT_MS: '10000',
    MAP_TILES_URL: 'none',
    ...env,
  });
  const app = await createApp(config, { url, singleConnection: process.env.STAGEBANK_TEST_DATABASE_EMBEDDED === '1' }, logging, {
    importWorker: IMPORT_WORKER,
  });
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    db: app.get(DataSource),
    tokens: app.get(TokenService),
    async gql(query, variables, token) {
      const req = request(server).post('/graphql').set('content-type', 'application/json');
      if (token) req.set('authorization', `Bearer ${token}`);
      const res = await req.send({ query, variables });
      return { status: res.status, data: res.body.data ?? null, errors: res.body.errors };
    },
    close: () => app.close(),
  };
}

/** The single error of a failed result, asserting there is exactly one. */
export function onlyError(result: GraphQLResult) {
  expect(result.errors).toHaveLength(1);
  return result.errors![0];
}
