import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MatchingModule } from '../matching/matching.module';
import { SearchModule } from '../search/search.module';
import { HealthController } from './health.controller';

/** `GET /health`: the database, search, the matching index and the jobs of this process. */
@Module({ imports: [TerminusModule.forRoot({ logger: false }), SearchModule, MatchingModule], controllers: [HealthController] })
export class HealthModule {}
