import { Module } from '@nestjs/common';
import { BorisFlagUsersResolver, RecognitionResolver, RecognitionUsersResolver } from './recognition.resolver';
import { RecognitionRepository } from './recognition.repository';
import { RecognitionService } from './recognition.service';

const resolvers = [RecognitionResolver, RecognitionUsersResolver, BorisFlagUsersResolver];

/** SBB recognitions (erkenningen) and Boris flags of employers. */
@Module({
  providers: [RecognitionRepository, RecognitionService, ...resolvers],
})
export class RecognitionModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
