import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { GraphQLFormattedError } from 'graphql';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '@stagebank/config';
import { buildDataSourceOptions } from '@stagebank/persistence';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { RequestContextInterceptor, runFieldResolversInRequestScope } from './auth/request-context';
import { Authenticator } from './auth/authenticator';
import { introspectionForSignedIn } from './auth/introspection.plugin';
import { sharedRateLimitStorage } from './auth/rate-limiter';
import { RequestWithViewer } from './auth/viewer';
import { ViewerGuard } from './auth/viewer.guard';
import { CollaborationModule } from './collaboration/collaboration.module';
import { formatGraphQLError } from './common/graphql-errors';
import './common/graphql-enums';
import { InputValidationPipe } from './common/input-validation.pipe';
import { StagebankErrorFilter } from './common/stagebank-error.filter';
import type { DatabaseTarget } from './common/config.provider';
import { LoggingOptions, ServiceLogger, loggingModule } from './logging/logging';
import { CoreModule } from './core.module';
import { EmployerJobsModule, EmployersModule } from './employers/employers.module';
import { httpOperationGate } from './graphql/http-operation.plugin';
import { noStorePlugins } from './graphql/no-store.plugin';
import { LoadersFactory } from './graphql/loaders';
import { OperationGate } from './graphql/operation-gate';
import { OperationLimits } from './graphql/operation-limits';
import { persistedOperationsPlugin } from './graphql/persisted-operations.plugin';
import { GraphqlWebSocketServer } from './graphql/websocket.server';
import { HealthModule } from './health/health.module';
import { InternshipJobsModule, InternshipsModule } from './internships/internships.module';
import { EmployerLinksModule } from './employer-links/employer-links.module';
import { MatchingModule } from './matching/matching.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsApiModule, NotificationsModule } from './notifications/notifications.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { OutcomesModule } from './outcomes/outcomes.module';
import { PlacementsModule } from './placements/placements.module';
import { PlanningModule } from './planning/planning.module';
import { RecognitionModule } from './recognition/recognition.module';
import { SearchModule } from './search/search.module';
import { StatisticsModule } from './statistics/statistics.module';
import { StudentsModule } from './students/students.module';
import { TaxonomyModule } from './taxonomy/taxonomy.module';
import type { ImportWorkerEntry } from './transfer/import-workers';
import { TransferModule } from './transfer/transfer.module';
import { WebAppModule } from './web/web.module';

export type { DatabaseTarget } from './common/config.provider';

/** How parts of the service start, where the process that builds it knows better than the defaults. */
export interface AppOptions {
  /** The CSV import's worker thread: tests that run the TypeScript sources under Jest give one that loads them. */
  importWorker?: ImportWorkerEntry;
}

/**
 * The areas, each a Nest module exporting only what others may use (architecture.spec.ts checks
 * that no area reaches into another's files past what it exports).
 */
const AREAS = [
  TaxonomyModule,
  WebAppModule,
  OrganisationsModule,
  ApiKeysModule,
  AuditModule,
  EmployersModule,
  EmployerLinksModule,
  CollaborationModule,
  PlacementsModule,
  RecognitionModule,
  StudentsModule,
  InternshipsModule,
  MatchingModule,
  PlanningModule,
  SearchModule,
  TransferModule,
  NotificationsApiModule,
  OutcomesModule,
  StatisticsModule,
];

/** Everything the GraphQL schema is built from; the schema emitter uses the same list. */
export const RESOLVERS: Array<Type<unknown>> = AREAS.flatMap((area): Array<Type<unknown>> => [...area.resolvers]);

/**
 * The modules whose jobs the worker runs: search indexing and its calendar, notifications, the seat
 * calendar and webhooks, student retention, seat holds and internship ends, the employers' yearly
 * link rounds, likely duplicates, the statistics tables (CoreModule adds the change-log prune). test/jobs.e2e.spec.ts fails when the API
 * registers a shared or singleton job the worker does not.
 */
const WORKER_AREAS = [SearchModule, NotificationsModule, StudentsModule, InternshipJobsModule, EmployerLinksModule, EmployerJobsModule, StatisticsModule];

const database = (config: AppConfig, target: DatabaseTarget) =>
  TypeOrmModule.forRoot(buildDataSourceOptions({ url: target.url, poolSize: target.singleConnection ? 1 : config.database.poolSize }));

@Module({})
export class AppModule {
  /**
   * The background jobs without the HTTP side (apps/worker): the database, the core services and
   * every service that registers a job, but no GraphQL, no controllers, no per-process indexes.
   */
  static forWorker(config: AppConfig, target: DatabaseTarget): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule(config, {}, false),
        database(config, target),
        CoreModule.forRoot(config, target),
        ThrottlerModule.forRoot({ throttlers: [{ name: 'operations', ttl: 60_000, limit: config.limits.ratePerMinute }] }),
        ...WORKER_AREAS,
      ],
      providers: [ServiceLogger],
    };
  }

  static forRoot(config: AppConfig, target: DatabaseTarget, logging: LoggingOptions = {}, options: AppOptions = {}): DynamicModule {
    const { importWorker } = options;
    return {
      module: AppModule,
      imports: [
        loggingModule(config, logging),
        database(config, target),
        CoreModule.forRoot(config, target),
        // Holds RateLimiter's counts: in Redis when configured, so replicas share them; else in this process.
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'operations', ttl: 60_000, limit: config.limits.ratePerMinute }],
          storage: config.redisUrl ? sharedRateLimitStorage(config.redisUrl) : undefined,
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [LoadersFactory, Authenticator, OperationLimits, OperationGate],
          useFactory: (loaders: LoadersFactory, authenticator: Authenticator, limits: OperationLimits, gate: OperationGate) => {
            const persisted = persistedOperationsPlugin(config);
            return {
              path: '/graphql',
              autoSchemaFile: true,
              sortSchema: true,
              playground: false,
              introspection: true,
              includeStacktraceInErrorResponses: false,
              // The same limits as the WebSocket (GraphqlWebSocketServer), from one definition.
              parseOptions: limits.parseOptions,
              validationRules: limits.validationRules,
              plugins: [
                // First: a browser's document not on the web app's list is refused before it counts against anything.
                ...(persisted ? [persisted] : []),
                httpOperationGate(gate),
                ...(config.env === 'production' ? [introspectionForSignedIn(authenticator)] : []),
                ...noStorePlugins(),
              ],
              formatError: (formatted: GraphQLFormattedError, error: unknown) =>
                formatGraphQLError(formatted, error, { hideSuggestions: config.env === 'production' }),
              context: ({ req }: { req: RequestWithViewer }) => ({ req, loaders: loaders.create(req) }),
              // Field resolvers (and the loaders they start) run inside the request's scope too: without
              // it they would query as the owner, past row-level security. Not through Nest's
              // interceptors on every field (fieldResolverEnhancers), which cost more than the fields.
              transformSchema: runFieldResolversInRequestScope,
            };
          },
        }),
        ...AREAS.map((area) => (area === TransferModule && importWorker ? TransferModule.withImportWorker(importWorker) : area)),
        HealthModule,
        MetricsModule,
      ],
      providers: [
        ServiceLogger,
        GraphqlWebSocketServer,
        { provide: APP_GUARD, useClass: ViewerGuard },
        { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor },
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_FILTER, useClass: StagebankErrorFilter },
      ],
    };
  }
}
