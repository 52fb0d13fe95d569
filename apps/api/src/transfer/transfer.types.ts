import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { EmployerStatus, LabourMarketRegion, PlacementType, Sector } from '@stagebank/domain';
import { IsBoolean, IsEnum, IsOptional, MaxLength } from 'class-validator';
import { IsBase64File } from '../common/validation';

export enum ImportAction {
  /** The row makes a new record. */
  CREATE = 'CREATE',
  /** The record is already there (matched); the row changes nothing. */
  EXISTING = 'EXISTING',
}
registerEnumType(ImportAction, { name: 'ImportAction' });

@ArgsType()
export class ImportArgs {
  @Field({ description: 'The CSV file, base64-encoded as uploaded (UTF-8, UTF-16 with BOM or Windows-1252; `;`, `,` or tab).' })
  @IsBase64File('file must be base64-encoded')
  @MaxLength(7_200_000, { message: 'file must be at most 5 MB' })
  file: string;

  @Field({ defaultValue: true, description: 'Only report what would happen; write nothing.' })
  @IsBoolean()
  dryRun: boolean = true;
}

@ObjectType({ description: 'A problem with the file: the row (1 is the header line) and column, where it has them.' })
export class ImportProblemType {
  @Field(() => Int, { nullable: true })
  row: number | null;

  @Field(() => String, { nullable: true })
  column: string | null;

  @Field()
  message: string;
}

@ObjectType()
export class ImportCounts {
  @Field(() => Int)
  employers: number;

  @Field(() => Int)
  sites: number;

  @Field(() => Int)
  placements: number;

  @Field(() => Int)
  contacts: number;
}

@ObjectType({ description: 'What one row does.' })
export class ImportRowReport {
  @Field(() => Int)
  row: number;

  @Field(() => ImportAction)
  employer: ImportAction;

  @Field(() => ImportAction)
  site: ImportAction;

  @Field(() => ImportAction, { nullable: true, description: 'Null for a row without a placement.' })
  placement: ImportAction | null;

  @Field(() => ImportAction, { nullable: true })
  contact: ImportAction | null;
}

@ObjectType()
export class ImportReport {
  @Field()
  dryRun: boolean;

  @Field({ description: 'True when the rows were written; never with problems.' })
  applied: boolean;

  @Field(() => String, { nullable: true, description: 'UTF-8, UTF-16LE or WINDOWS-1252, as detected.' })
  encoding: string | null;

  @Field(() => String, { nullable: true })
  separator: string | null;

  @Field(() => [String], { description: 'Headers that matched no known column; their values are not imported.' })
  ignoredColumns: string[];

  @Field(() => Int)
  rowCount: number;

  @Field(() => [ImportProblemType])
  problems: ImportProblemType[];

  @Field(() => [ImportRowReport], { description: 'Rows without problems, and what each does.' })
  rows: ImportRowReport[];

  @Field(() => ImportCounts, { description: 'New records: would be made (dry run) or were made.' })
  created: ImportCounts;
}

@ObjectType()
export class RecognitionImportRowReport {
  @Field(() => Int)
  row: number;

  @Field(() => String)
  employerId: string;

  @Field(() => ImportAction)
  recognition: ImportAction;

  @Field(() => ImportAction, { nullable: true, description: 'Null when the row does not set the Boris flag.' })
  borisFlag: ImportAction | null;
}

@ObjectType()
export class RecognitionImportReport {
  @Field()
  dryRun: boolean;

  @Field()
  applied: boolean;

  @Field(() => String, { nullable: true })
  encoding: string | null;

  @Field(() => Int)
  rowCount: number;

  @Field(() => [ImportProblemType])
  problems: ImportProblemType[];

  @Field(() => [RecognitionImportRowReport])
  rows: RecognitionImportRowReport[];

  @Field(() => Int)
  recognitionsCreated: number;

  @Field(() => Int)
  borisFlagsSet: number;
}

@InputType({ description: 'Which employers to export; all filters combine.' })
export class EmployerExportFilter {
  @Field(() => LabourMarketRegion, { nullable: true, description: 'Employers with a site in this region (only those sites are exported).' })
  @IsOptional()
  @IsEnum(LabourMarketRegion)
  region?: LabourMarketRegion;

  @Field(() => EmployerStatus, { nullable: true })
  @IsOptional()
  @IsEnum(EmployerStatus)
  status?: EmployerStatus;

  @Field(() => Sector, { nullable: true, description: 'Employers in this sector.' })
  @IsOptional()
  @IsEnum(Sector)
  sector?: Sector;

  @Field({ nullable: true, description: 'Only employers with (true) or without (false) the Boris flag.' })
  @IsOptional()
  @IsBoolean()
  borisFlag?: boolean;
}

@InputType({ description: 'Which placements to export; all filters combine.' })
export class PlacementExportFilter {
  @Field(() => LabourMarketRegion, { nullable: true })
  @IsOptional()
  @IsEnum(LabourMarketRegion)
  region?: LabourMarketRegion;

  @Field(() => Sector, { nullable: true })
  @IsOptional()
  @IsEnum(Sector)
  sector?: Sector;

  @Field(() => PlacementType, { nullable: true })
  @IsOptional()
  @IsEnum(PlacementType)
  type?: PlacementType;

  @Field({ nullable: true, description: 'Leave out placements whose period is over and those of stopped employers (default true).' })
  @IsOptional()
  @IsBoolean()
  openOnly?: boolean;
}
