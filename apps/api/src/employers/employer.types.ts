import { ArgsType, Field, ID, InputType, Int, ObjectType, OmitType, PartialType, registerEnumType } from '@nestjs/graphql';
import {
  EmployerKind,
  EmployerStatus,
  FlagSource,
  LabourMarketRegion,
  Sector,
  SizeClass,
  SubSector,
  SupervisorRole,
  SupportLevel,
  VerifiableFlag,
} from '@stagebank/domain';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsEnum, IsInt, IsOptional, IsUrl, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { GeoPoint, GeoPointInput } from '../common/geo.types';
import { PageArgs, Paginated } from '../common/pagination';
import { IsDutchPostcode, Nested } from '../common/validation';

registerEnumType(FlagSource, { name: 'FlagSource', description: 'Declared by the employer or an import, or verified by a coach who visited.' });
registerEnumType(VerifiableFlag, { name: 'VerifiableFlag', description: 'A flag a coach can verify on a visit.' });

@ObjectType({
  description:
    'Whether a flag (wheelchair access, suitability for the audiences, supervision training) was verified by a coach who visited, or only declared by the employer or an import. Any change of the value other than a verification makes it declared again.',
})
export class FlagVerification {
  @Field(() => FlagSource)
  source: FlagSource;

  @Field(() => Date, { nullable: true, description: 'When it was verified; null while declared.' })
  verifiedAt: Date | null;

  /** Resolved to `verifiedBy` (FlagVerificationResolver). */
  verifiedByUserId: string | null;
}

/** The verification columns of one flag as the GraphQL type. */
export const flagVerification = (verifiedAt: Date | null, verifiedByUserId: string | null): FlagVerification => ({
  source: verifiedAt ? FlagSource.VERIFIED : FlagSource.DECLARED,
  verifiedAt,
  verifiedByUserId: verifiedAt ? verifiedByUserId : null,
});

@ObjectType({ description: 'Leermeester, werkbegeleider or jobcoach at a site.' })
export class Supervisor {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  name: string | null;

  @Field(() => SupervisorRole)
  role: SupervisorRole;

  @Field({ description: 'Has followed a workplace-trainer training.' })
  trained: boolean;

  @Field(() => String, { nullable: true })
  training: string | null;

  @Field(() => FlagVerification, { description: '`trained` and `training`: verified by a coach who visited, or only declared.' })
  trainingVerification: FlagVerification;

  @Field(() => Int, { description: 'How many students this supervisor can guide at once.' })
  maxStudents: number;

  @Field(() => SupportLevel, { description: 'The most intensive support this supervisor can give.' })
  intensity: SupportLevel;
}

@ObjectType({ description: 'A location of an employer.' })
export class Site {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  employerId: string;

  @Field()
  name: string;

  @Field()
  street: string;

  @Field()
  houseNumber: string;

  @Field()
  postcode: string;

  @Field()
  place: string;

  @Field(() => LabourMarketRegion, { nullable: true, description: 'Labour-market region (arbeidsmarktregio): from the postcode unless set.' })
  region: LabourMarketRegion | null;

  @Field(() => GeoPoint)
  location: GeoPoint;

  @Field()
  wheelchairAccessible: boolean;

  @Field(() => FlagVerification, { description: '`wheelchairAccessible`: verified by a coach who visited, or only declared.' })
  wheelchairAccess: FlagVerification;
}

@ObjectType({ description: 'Werkgever / leerbedrijf, shared across the network.' })
export class Employer {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: 'KvK number, 8 digits.' })
  kvkNumber: string | null;

  @Field()
  name: string;

  @Field(() => EmployerKind)
  kind: EmployerKind;

  @Field(() => SizeClass)
  sizeClass: SizeClass;

  @Field(() => [Sector])
  sectors: Sector[];

  @Field(() => [SubSector], {
    description:
      "Sub-sectors (a garden centre, a care home's restaurant): close alternatives for students who prefer another sector; every placement of the employer counts them.",
  })
  tags: SubSector[];

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => String, { nullable: true })
  website: string | null;

  @Field(() => EmployerStatus)
  status: EmployerStatus;

  @Field(() => String, { nullable: true })
  statusReason: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'While PAUSED: no new placements until this day.' })
  pausedUntil: string | null;

  @Field(() => Date, { nullable: true })
  lastVerifiedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class EmployerConnection extends Paginated(Employer) {}

@InputType()
export class SupervisorInput {
  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(200)
  name?: string;

  @Field(() => SupervisorRole)
  @IsEnum(SupervisorRole)
  role: SupervisorRole;

  @Field({ defaultValue: false })
  @IsBoolean()
  trained: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(200)
  training?: string;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(60)
  maxStudents: number;

  @Field(() => SupportLevel)
  @IsEnum(SupportLevel)
  intensity: SupportLevel;
}

@InputType()
export class SiteInput {
  @Field()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field()
  @MinLength(1)
  @MaxLength(200)
  street: string;

  @Field()
  @Matches(/^\d{1,5}\s?[a-zA-Z0-9-]{0,6}$/, { message: 'houseNumber must be a house number such as "12" or "12a"' })
  houseNumber: string;

  @Field({ description: 'Dutch postcode, "1234 AB" or "1234ab".' })
  @IsDutchPostcode()
  postcode: string;

  @Field()
  @MinLength(1)
  @MaxLength(100)
  place: string;

  @Field(() => LabourMarketRegion, {
    nullable: true,
    description: 'Only where the postcode area straddles a region border; otherwise derived from the postcode.',
  })
  @IsOptional()
  @IsEnum(LabourMarketRegion)
  region?: LabourMarketRegion;

  @Field(() => GeoPointInput)
  @Nested(() => GeoPointInput)
  location: GeoPointInput;

  @Field({ defaultValue: false })
  @IsBoolean()
  wheelchairAccessible: boolean;

  @Field(() => [SupervisorInput], { defaultValue: [] })
  @ArrayMaxSize(50)
  @Nested(() => SupervisorInput)
  supervisors: SupervisorInput[];
}

@InputType()
export class CreateEmployerInput {
  @Field({ nullable: true, description: 'KvK number: exactly 8 digits.' })
  @IsOptional()
  @Matches(/^\d{8}$/, { message: 'kvkNumber must be exactly 8 digits' })
  kvkNumber?: string;

  @Field()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field(() => EmployerKind)
  @IsEnum(EmployerKind)
  kind: EmployerKind;

  @Field(() => SizeClass)
  @IsEnum(SizeClass)
  sizeClass: SizeClass;

  @Field(() => [Sector])
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsEnum(Sector, { each: true })
  sectors: Sector[];

  @Field(() => [SubSector], { defaultValue: [] })
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsEnum(SubSector, { each: true })
  tags: SubSector[];

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  website?: string;

  @Field(() => [SiteInput], { description: 'At least one site.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Nested(() => SiteInput)
  sites: SiteInput[];
}

/** Every field optional; a null is validated like any value, so required columns cannot be nulled. */
const PARTIAL = { omitDefaultValues: true, skipNullProperties: false } as const;

@InputType()
export class UpdateSiteInput extends PartialType(OmitType(SiteInput, ['supervisors'] as const), PARTIAL) {}

@InputType()
export class UpdateEmployerInput extends PartialType(OmitType(CreateEmployerInput, ['sites'] as const), PARTIAL) {}

@InputType({ description: 'ACTIVE; PAUSED until a day, with a reason; or STOPPED, with a reason.' })
export class EmployerStatusInput {
  @Field(() => EmployerStatus)
  @IsEnum(EmployerStatus)
  status: EmployerStatus;

  @Field({ nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(1000)
  reason?: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @IsOptional()
  pausedUntil?: string;
}

@InputType()
export class EmployerFilter {
  @Field({ nullable: true, description: 'Part of the name (accents and case ignored).' })
  @IsOptional()
  @MaxLength(200)
  search?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\d{8}$/, { message: 'kvkNumber must be exactly 8 digits' })
  kvkNumber?: string;

  @Field(() => [EmployerKind], { nullable: true })
  @IsOptional()
  @IsEnum(EmployerKind, { each: true })
  kinds?: EmployerKind[];

  @Field(() => [Sector], { nullable: true, description: 'Employers in any of these sectors.' })
  @IsOptional()
  @IsEnum(Sector, { each: true })
  sectors?: Sector[];

  @Field(() => [EmployerStatus], { nullable: true })
  @IsOptional()
  @IsEnum(EmployerStatus, { each: true })
  statuses?: EmployerStatus[];

  @Field({ nullable: true, description: 'Employers with a site in this place.' })
  @IsOptional()
  @MaxLength(100)
  place?: string;
}

@ArgsType()
export class EmployersArgs extends PageArgs {
  @Field(() => EmployerFilter, { nullable: true })
  @IsOptional()
  @Nested(() => EmployerFilter)
  filter?: EmployerFilter;
}

@ObjectType({ description: 'How many students a site can guide at once, and how intensively.' })
export class SupervisionCapacity {
  @Field(() => Int)
  maxStudents: number;

  @Field(() => Int)
  trainedSupervisors: number;

  @Field(() => SupportLevel, { nullable: true, description: 'The most intensive support any supervisor here can give.' })
  highestIntensity: SupportLevel | null;
}

@InputType({ description: 'What a coach saw at the site.' })
export class VerifyWheelchairAccessInput {
  @Field({ description: 'Whether the site is wheelchair accessible, as seen on the visit.' })
  @IsBoolean()
  wheelchairAccessible: boolean;
}

@InputType({ description: "What a coach saw of the supervisor's training (a certificate, say)." })
export class VerifySupervisorTrainingInput {
  @Field({ description: 'Whether the supervisor has followed a workplace-trainer training, as seen on the visit.' })
  @IsBoolean()
  trained: boolean;

  @Field(() => String, { nullable: true, description: 'E.g. "Leermeestertraining SBB 2024"; left out keeps what is recorded.' })
  @IsOptional()
  @MinLength(1)
  @MaxLength(200)
  training?: string;
}
