import { Module } from '@nestjs/common';
import { AuditResolver } from './audit.resolver';

const resolvers = [AuditResolver];

/** Reading the audit log (writing it is AuditService, in the core, since every area writes it). */
@Module({
  providers: [...resolvers],
})
export class AuditModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
