import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { AuditRepository } from './audit/audit.repository';
import { AuditService } from './audit/audit.service';
import { AuthRepository } from './auth/auth.repository';
import { Authenticator } from './auth/authenticator';
import { DatabaseScope } from './auth/database-scope';
import { RateLimiter } from './auth/rate-limiter';
import { TokenService } from './auth/token.service';
import { ChangeFeed } from './changes/change-feed';
import { ChangeFeedRepository } from './changes/change-feed.repository';
import { ChangeStream } from './changes/change-stream';
import { DatabaseListener } from './changes/database-listener';
import { Clock } from './common/clock';
import { APP_CONFIG, DATABASE_TARGET, type DatabaseTarget } from './common/config.provider';
import { Geocoder } from './geo/geocoder';
import { LoaderRepository } from './graphql/loader.repository';
import { LoadersFactory } from './graphql/loaders';
import { OperationGate } from './graphql/operation-gate';
import { OperationLimits } from './graphql/operation-limits';
import { EmbeddedVacuum } from './jobs/embedded-vacuum';
import { JobRunner } from './jobs/job-runner';
import { Metrics } from './metrics/metrics';

/**
 * What every area stands on, and nothing about any one area: configuration, who is calling
 * (tokens, API keys, rate limits, the request's database scope), the audit log, the job runner
 * (and the embedded database's vacuum), the change stream, metrics, geocoding and the per-request
 * loaders. Areas depend on this; it depends on no area (test/architecture.spec.ts).
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, database: DatabaseTarget): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      { provide: DATABASE_TARGET, useValue: database },
      { provide: OperationLimits, useValue: new OperationLimits(config) },
      LoadersFactory,
      TokenService,
      Authenticator,
      RateLimiter,
      OperationGate,
      AuditService,
      DatabaseScope,
      JobRunner,
      EmbeddedVacuum,
      ChangeStream,
      ChangeFeed,
      DatabaseListener,
      Metrics,
      Geocoder,
      Clock,
    ];
    return {
      module: CoreModule,
      // The audit log's, the Authenticator's, the change feed's and the loaders' repositories stay inside: areas use AuditService, Authenticator, ChangeFeed and Loaders.
      providers: [...providers, AuditRepository, AuthRepository, ChangeFeedRepository, LoaderRepository],
      exports: providers,
    };
  }
}
