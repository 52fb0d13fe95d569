import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '@stagebank/config';
import { ApiKeyEntity, MembershipEntity, UserEntity } from '@stagebank/persistence';
import { AuditService } from './audit/audit.service';
import { Authenticator } from './auth/authenticator';
import { DatabaseScope } from './auth/database-scope';
import { RateLimiter } from './auth/rate-limiter';
import { TokenService } from './auth/token.service';
import { ChangeStream } from './changes/change-stream';
import { DatabaseListener } from './changes/database-listener';
import { Clock } from './common/clock';
import { APP_CONFIG, DATABASE_TARGET, type DatabaseTarget } from './common/config.provider';
import { Geocoder } from './geo/geocoder';
import { LoadersFactory } from './graphql/loaders';
import { OperationGate } from './graphql/operation-gate';
import { OperationLimits } from './graphql/operation-limits';
import { JobRunner } from './jobs/job-runner';
import { Metrics } from './metrics/metrics';

/**
 * What every area stands on, and nothing about any one area: configuration, who is calling
 * (tokens, API keys, rate limits, the request's database scope), the audit log, the job runner,
 * the change stream, metrics, geocoding and the per-request loaders. Areas depend on this; it
 * depends on no area (test/architecture.spec.ts).
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
      ChangeStream,
      DatabaseListener,
      Metrics,
      Geocoder,
      Clock,
    ];
    return {
      module: CoreModule,
      // The Authenticator's own tables only; each area registers the repositories of its tables.
      imports: [TypeOrmModule.forFeature([ApiKeyEntity, MembershipEntity, UserEntity])],
      providers,
      exports: providers,
    };
  }
}
