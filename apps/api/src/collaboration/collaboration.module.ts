import { Module } from '@nestjs/common';
import { CollaborationRepository } from './collaboration.repository';
import { CollaborationResolver } from './collaboration.resolver';
import { CollaborationService } from './collaboration.service';

const resolvers = [CollaborationResolver];

/** Working together on shared employers: contact persons, notes, schools' experiences, approaches. */
@Module({
  providers: [CollaborationRepository, CollaborationService, ...resolvers],
  exports: [CollaborationService],
})
export class CollaborationModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
