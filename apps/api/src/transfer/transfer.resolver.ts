import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { EmployerExport } from './employer-export';
import { EmployerImport } from './employer-import';
import { RecognitionImport } from './recognition-import';
import { EmployerExportFilter, ImportArgs, ImportReport, PlacementExportFilter, RecognitionImportReport } from './transfer.types';

/** CSV in and out: employers from a school's spreadsheet, SBB recognitions, and filtered lists back out. */
@Resolver()
export class TransferResolver {
  constructor(
    private readonly employerImport: EmployerImport,
    private readonly recognitionImport: RecognitionImport,
    private readonly employerExport: EmployerExport,
  ) {}

  @Mutation(() => ImportReport, {
    description:
      'Employers, sites, placements and contact persons from CSV. Dry run (the default) reports per row; a real run writes all rows or, with any problem, none. Re-importing changes nothing.',
  })
  importEmployers(@CurrentViewer() viewer: Viewer, @Args() { file, dryRun }: ImportArgs): Promise<ImportReport> {
    return this.employerImport.run(viewer, Buffer.from(file, 'base64'), dryRun);
  }

  @Mutation(() => RecognitionImportReport, {
    description: 'SBB advisers: recognitions (and the Boris flag) from CSV, matched to employers by KvK; dry run by default, all-or-nothing.',
  })
  importRecognitions(@CurrentViewer() viewer: Viewer, @Args() { file, dryRun }: ImportArgs): Promise<RecognitionImportReport> {
    return this.recognitionImport.run(viewer, Buffer.from(file, 'base64'), dryRun);
  }

  @Query(() => String, { description: 'Employers as CSV (the import columns; one row per placement or site without placements).' })
  exportEmployersCsv(
    @CurrentViewer() _viewer: Viewer,
    @Args('filter', { type: () => EmployerExportFilter, defaultValue: {} }) filter: EmployerExportFilter,
  ): Promise<string> {
    return this.employerExport.employers(filter);
  }

  @Query(() => String, { description: 'Placements as CSV, in the same columns.' })
  exportPlacementsCsv(
    @CurrentViewer() _viewer: Viewer,
    @Args('filter', { type: () => PlacementExportFilter, defaultValue: {} }) filter: PlacementExportFilter,
  ): Promise<string> {
    return this.employerExport.placements(filter);
  }
}
