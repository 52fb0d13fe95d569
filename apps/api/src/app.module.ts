import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { GraphQLFormattedError } from 'graphql';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '@stagebank/config';
import { ENTITIES, buildDataSourceOptions } from '@stagebank/persistence';
import { meilisearchClient } from '@stagebank/search';
import { LoggerModule } from 'nestjs-pino';
import { AuditResolver } from './audit/audit.resolver';
import { AuditService } from './audit/audit.service';
import { RequestContextInterceptor } from './auth/request-context';
import { ApiKeyResolver } from './auth/api-key.resolver';
import { Authenticator } from './auth/authenticator';
import { DatabaseScope } from './auth/database-scope';
import { introspectionForSignedIn } from './auth/introspection.plugin';
import { RateLimiter, sharedRateLimitStorage } from './auth/rate-limiter';
import { TokenService } from './auth/token.service';
import { RequestWithViewer } from './auth/viewer';
import { ViewerGuard } from './auth/viewer.guard';
import { CollaborationResolver } from './collaboration/collaboration.resolver';
import { CollaborationService } from './collaboration/collaboration.service';
import { formatGraphQLError } from './common/graphql-errors';
import './common/graphql-enums';
import { httpOperationGate } from './graphql/http-operation.plugin';
import { OperationGate } from './graphql/operation-gate';
import { OperationLimits } from './graphql/operation-limits';
import { GraphqlWebSocketServer } from './graphql/websocket.server';
import { InputValidationPipe } from './common/input-validation.pipe';
import { LoadersFactory } from './common/loaders';
import { StagebankErrorFilter } from './common/stagebank-error.filter';
import { APP_CONFIG, DATABASE_TARGET } from './config.provider';
import { EmployerUpkeepResolver, EmployerUpkeepService } from './employers/employer-upkeep';
import { EmployerResolver, SiteResolver } from './employers/employer.resolver';
import { EmployerService } from './employers/employer.service';
import { HealthController } from './health/health.controller';
import { Metrics } from './metrics/metrics';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsPlugin } from './metrics/metrics.plugin';
import { WebAppResolver } from './web/web-app';
import { InternshipResolver } from './internships/internship.resolver';
import { InternshipService } from './internships/internship.service';
import { ChangeStream } from './changes/change-stream';
import { DatabaseListener } from './changes/database-listener';
import { JobRunner } from './jobs/job-runner';
import { CandidateSource } from './matching/candidate.source';
import { MatchingIndexHolder } from './matching/matching-index.holder';
import { MatchingResolver } from './matching/matching.resolver';
import { MatchingService } from './matching/matching.service';
import { CohortPlanStudentResolver, PlanningResolver } from './planning/planning.resolver';
import { PlanningService } from './planning/planning.service';
import { MembershipResolver, OrganisationResolver } from './organisations/organisation.resolver';
import { OrganisationService } from './organisations/organisation.service';
import { EmployerSeatsResolver, PlacementResolver, SitePlacementsResolver } from './placements/placement.resolver';
import { PlacementService } from './placements/placement.service';
import { RecognitionResolver } from './recognition/recognition.resolver';
import { RecognitionService } from './recognition/recognition.service';
import { StudentResolver } from './students/student.resolver';
import { StudentPrivacyService } from './students/student-privacy.service';
import { StudentService } from './students/student.service';
import { PostgresSearchEngine } from './search/postgres-search.engine';
import { SearchDocuments } from './search/search-documents';
import { MEILISEARCH, SearchIndexer } from './search/search-indexer';
import { SearchOutbox } from './search/search-outbox';
import { SearchResolver } from './search/search.resolver';
import { SearchService } from './search/search.service';
import { NotificationDispatcher } from './notifications/notification-dispatcher';
import { NotificationFeed } from './notifications/notification-feed';
import { NotificationResolver, NotificationSubjectResolver } from './notifications/notification.resolver';
import { WatchService } from './notifications/watch.service';
import { WebhookSender } from './notifications/webhook-sender';
import { EvaluationResolver, FollowUpResolver, OutcomeResolver } from './outcomes/outcome.resolver';
import { OutcomeService } from './outcomes/outcome.service';
import { EmployerTrackRecordResolver, StatisticsResolver } from './statistics/statistics.resolver';
import { StatisticsService } from './statistics/statistics.service';
import { TaxonomyResolver } from './taxonomy/taxonomy.resolver';
import { EmployerExport } from './transfer/employer-export';
import { EmployerImport } from './transfer/employer-import';
import { Geocoder } from './geo/geocoder';
import { RecognitionImport } from './transfer/recognition-import';
import { TransferResolver } from './transfer/transfer.resolver';

/** Everything the GraphQL schema is built from; the schema emitter uses the same list. */
export const RESOLVERS = [
  TaxonomyResolver,
  WebAppResolver,
  OrganisationResolver,
  MembershipResolver,
  EmployerResolver,
  EmployerUpkeepResolver,
  CollaborationResolver,
  SiteResolver,
  SitePlacementsResolver,
  EmployerSeatsResolver,
  PlacementResolver,
  RecognitionResolver,
  StudentResolver,
  InternshipResolver,
  MatchingResolver,
  PlanningResolver,
  CohortPlanStudentResolver,
  SearchResolver,
  ApiKeyResolver,
  AuditResolver,
  TransferResolver,
  NotificationResolver,
  NotificationSubjectResolver,
  OutcomeResolver,
  EvaluationResolver,
  FollowUpResolver,
  StatisticsResolver,
  EmployerTrackRecordResolver,
];

const SERVICES = [
  DatabaseListener,
  Metrics,
  MetricsPlugin,
  OrganisationService,
  EmployerService,
  EmployerUpkeepService,
  CollaborationService,
  PlacementService,
  RecognitionService,
  StudentService,
  StudentPrivacyService,
  InternshipService,
  MatchingService,
  PlanningService,
  CandidateSource,
  MatchingIndexHolder,
  SearchOutbox,
  SearchDocuments,
  SearchIndexer,
  PostgresSearchEngine,
  SearchService,
  Geocoder,
  EmployerImport,
  RecognitionImport,
  EmployerExport,
  WatchService,
  NotificationDispatcher,
  WebhookSender,
  NotificationFeed,
  OutcomeService,
  StatisticsService,
];

/** The Meilisearch client, or null when search runs on PostgreSQL alone. */
const meilisearchProvider = (config: AppConfig) => ({
  provide: MEILISEARCH,
  useValue:
    config.search.mode === 'postgres' || !config.search.url
      ? null
      : meilisearchClient({ host: config.search.url, apiKey: config.search.masterKey ?? undefined, timeout: 5000 }),
});

/** Shared by every feature: config, repositories, per-request loaders and token handling. */
@Global()
@Module({})
class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      { provide: OperationLimits, useValue: new OperationLimits(config) },
      LoadersFactory,
      TokenService,
      Authenticator,
      RateLimiter,
      OperationGate,
      AuditService,
      DatabaseScope,
      JobRunner,
      ChangeStream,
    ];
    const repositories = TypeOrmModule.forFeature(ENTITIES);
    return { module: CoreModule, imports: [repositories], providers, exports: [...providers, repositories] };
  }
}

export interface DatabaseTarget {
  url: string;
  /** PGlite serves one session: the pool must hold exactly one connection. */
  singleConnection: boolean;
}

/** Not in the worker: they serve requests or keep per-process memory for requests (the matching index, the feed). */
const SERVING_ONLY: unknown[] = [NotificationFeed, MatchingIndexHolder, MatchingService, PlanningService, CandidateSource, MetricsPlugin];

@Module({})
export class AppModule {
  /**
   * The background jobs without the HTTP side (apps/worker): the database, the core services and
   * every service that registers a job, but no GraphQL, no controllers, no per-process indexes.
   */
  static forWorker(config: AppConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        TypeOrmModule.forRoot(buildDataSourceOptions({ url: database.url, poolSize: database.singleConnection ? 1 : config.database.poolSize })),
        CoreModule.forRoot(config),
        ThrottlerModule.forRoot({ throttlers: [{ name: 'operations', ttl: 60_000, limit: config.limits.ratePerMinute }] }),
      ],
      providers: [meilisearchProvider(config), { provide: DATABASE_TARGET, useValue: database }, ...SERVICES.filter((service) => !SERVING_ONLY.includes(service))],
    };
  }

  static forRoot(config: AppConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            autoLogging: { ignore: (req) => req.url === '/health' },
          },
        }),
        TypeOrmModule.forRoot(buildDataSourceOptions({ url: database.url, poolSize: database.singleConnection ? 1 : config.database.poolSize })),
        CoreModule.forRoot(config),
        TerminusModule.forRoot({ logger: false }),
        // Holds RateLimiter's counts: in Redis when configured, so replicas share them; else in this process.
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'operations', ttl: 60_000, limit: config.limits.ratePerMinute }],
          storage: config.redisUrl ? sharedRateLimitStorage(config.redisUrl) : undefined,
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [LoadersFactory, Authenticator, OperationLimits, OperationGate],
          useFactory: (loaders: LoadersFactory, authenticator: Authenticator, limits: OperationLimits, gate: OperationGate) => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            playground: false,
            introspection: true,
            includeStacktraceInErrorResponses: false,
            // The same limits as the WebSocket (GraphqlWebSocketServer), from one definition.
            parseOptions: limits.parseOptions,
            validationRules: limits.validationRules,
            plugins: [httpOperationGate(gate), ...(config.env === 'production' ? [introspectionForSignedIn(authenticator)] : [])],
            formatError: (formatted: GraphQLFormattedError, error: unknown) => formatGraphQLError(formatted, error, { hideSuggestions: config.env === 'production' }),
            context: ({ req }: { req: RequestWithViewer }) => ({ req, loaders: loaders.create(req) }),
            // Field resolvers (and the loaders they start) run inside the request's scope too
            // (RequestContextInterceptor): without it they would query as the owner, past row-level security.
            fieldResolverEnhancers: ['interceptors'],
          }),
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        meilisearchProvider(config),
        { provide: DATABASE_TARGET, useValue: database },
        ...SERVICES,
        ...RESOLVERS,
        GraphqlWebSocketServer,
        { provide: APP_GUARD, useClass: ViewerGuard },
        { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor },
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_FILTER, useClass: StagebankErrorFilter },
      ],
    };
  }
}
