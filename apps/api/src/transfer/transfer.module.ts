import { DynamicModule, Module } from '@nestjs/common';
import { EmployerExport } from './employer-export';
import { EmployerImport } from './employer-import';
import { IMPORT_WORKER_ENTRY, ImportWorkerEntry, ImportWorkers } from './import-workers';
import { RecognitionImport } from './recognition-import';
import { TransferRepository } from './transfer.repository';
import { TransferResolver } from './transfer.resolver';

const resolvers = [TransferResolver];

/** CSV import and export of employers and placements, and SBB recognition imports. */
@Module({
  providers: [TransferRepository, EmployerImport, RecognitionImport, EmployerExport, ImportWorkers, ...resolvers],
})
export class TransferModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;

  /** With the import worker thread started from `entry`, not the script beside import-workers.ts (tests running the TypeScript sources). */
  static withImportWorker(entry: ImportWorkerEntry): DynamicModule {
    return { module: TransferModule, providers: [{ provide: IMPORT_WORKER_ENTRY, useValue: entry }] };
  }
}
