import { Module } from '@nestjs/common';
import { TaxonomyResolver } from './taxonomy.resolver';

const resolvers = [TaxonomyResolver];

/** Sectors and their close alternatives: fixed vocabulary, no storage. */
@Module({
  providers: [...resolvers],
})
export class TaxonomyModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
