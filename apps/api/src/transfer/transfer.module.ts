import { Module } from '@nestjs/common';
import { EmployerExport } from './employer-export';
import { EmployerImport } from './employer-import';
import { RecognitionImport } from './recognition-import';
import { TransferResolver } from './transfer.resolver';

const resolvers = [TransferResolver];

/** CSV import and export of employers and placements, and SBB recognition imports. */
@Module({
  providers: [EmployerImport, RecognitionImport, EmployerExport, ...resolvers],
})
export class TransferModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
