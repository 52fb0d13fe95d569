import { Module } from '@nestjs/common';
import { CollaborationModule } from '../collaboration/collaboration.module';
import { StudentsModule } from '../students/students.module';
import { MatchingIndexHolder } from './matching-index.holder';
import { MatchingRepository } from './matching.repository';
import { MatchingResolver } from './matching.resolver';
import { MatchingService } from './matching.service';

const resolvers = [MatchingResolver];

/** Ranking placements for a student, explained, from this process's index kept current by the change stream. */
@Module({
  imports: [StudentsModule, CollaborationModule],
  providers: [MatchingService, MatchingRepository, MatchingIndexHolder, ...resolvers],
  exports: [MatchingIndexHolder, MatchingService],
})
export class MatchingModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
