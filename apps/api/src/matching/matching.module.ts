import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MatchingWeightsEntity } from '@stagebank/persistence';
import { StudentsModule } from '../students/students.module';
import { CandidateSource } from './candidate.source';
import { MatchingIndexHolder } from './matching-index.holder';
import { MatchingResolver } from './matching.resolver';
import { MatchingService } from './matching.service';

const resolvers = [MatchingResolver];

/** Ranking placements for a student, explained, from this process's index kept current by the change stream. */
@Module({
  imports: [TypeOrmModule.forFeature([MatchingWeightsEntity]), StudentsModule],
  providers: [MatchingService, CandidateSource, MatchingIndexHolder, ...resolvers],
  exports: [MatchingIndexHolder, MatchingService],
})
export class MatchingModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
