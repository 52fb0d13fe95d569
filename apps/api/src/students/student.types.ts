import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, PartialType } from '@nestjs/graphql';
import { Certificate, ExitProfile, Sector, StudentConstraint, SupportLevel, TravelMode, Weekday } from '@stagebank/domain';
import { ArrayMaxSize, ArrayUnique, IsBoolean, IsEnum, IsInt, IsNumber, IsOptional, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { GeoPoint, GeoPointInput } from '../common/geo.types';
import { PageArgs, Paginated } from '../common/pagination';
import { Qualification, QualificationInput } from '../common/qualification.types';
import { IsDutchPostcode, LabelList, Nested } from '../common/validation';

@ObjectType({ description: 'A pseudonymous student or participant; visible only to the organisation where they are enrolled.' })
export class StudentProfile {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  organisationId: string;

  @Field({ description: "The school's own pseudonym; never a name." })
  code: string;

  @Field()
  homePostcode: string;

  @Field()
  homePlace: string;

  @Field(() => GeoPoint)
  homeLocation: GeoPoint;

  @Field(() => TravelMode)
  travelMode: TravelMode;

  @Field(() => Float)
  maxTravelKm: number;

  @Field(() => Int, { nullable: true })
  maxTravelMinutes: number | null;

  @Field(() => [Sector], { description: 'Ranked, favourite first.' })
  sectorPreferences: Sector[];

  @Field(() => [String])
  interests: string[];

  @Field(() => SupportLevel, { description: 'Begeleidingsbehoefte.' })
  supportNeed: SupportLevel;

  @Field(() => [StudentConstraint])
  constraints: StudentConstraint[];

  @Field(() => [Certificate])
  certificates: Certificate[];

  @Field(() => [Qualification], { description: 'Diplomas held.' })
  qualifications: Qualification[];

  @Field(() => ExitProfile, { nullable: true, description: 'Uitstroomprofiel.' })
  exitProfile: ExitProfile | null;

  @Field()
  finalYear: boolean;

  @Field(() => String, { nullable: true })
  targetCrebo: string | null;

  @Field(() => [String])
  targetWerkprocessen: string[];

  @Field(() => [Weekday])
  availableDays: Weekday[];

  @Field(() => GraphQLLocalDate, { nullable: true })
  availableFrom: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Left school or the initiative.' })
  leftAt: string | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class StudentProfileConnection extends Paginated(StudentProfile) {}

/** A profile as a coordinator enters it; also what matching takes for an unsaved profile. */
@InputType()
export class StudentProfileInput {
  @Field({ description: 'The school\'s pseudonym for the student, e.g. "PRO-2026-017"; not a name.' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, { message: 'code must be 1–40 letters, digits, ".", "_" or "-"' })
  code: string;

  @Field()
  @IsDutchPostcode()
  homePostcode: string;

  @Field()
  @MinLength(1)
  @MaxLength(100)
  homePlace: string;

  @Field(() => GeoPointInput, { nullable: true, description: 'Default: the centre of homePostcode, from the geocoder (PDOK).' })
  @IsOptional()
  @Nested(() => GeoPointInput)
  homeLocation?: GeoPointInput;

  @Field(() => TravelMode)
  @IsEnum(TravelMode)
  travelMode: TravelMode;

  @Field(() => Float, { description: 'How far the student can travel, 0.5–200 km.' })
  @IsNumber()
  @Min(0.5)
  @Max(200)
  maxTravelKm: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(240)
  maxTravelMinutes?: number;

  @Field(() => [Sector], { defaultValue: [] })
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsEnum(Sector, { each: true })
  sectorPreferences: Sector[];

  @Field(() => [String], { defaultValue: [] })
  @LabelList(30)
  interests: string[];

  @Field(() => SupportLevel)
  @IsEnum(SupportLevel)
  supportNeed: SupportLevel;

  @Field(() => [StudentConstraint], { defaultValue: [] })
  @ArrayUnique()
  @IsEnum(StudentConstraint, { each: true })
  constraints: StudentConstraint[];

  @Field(() => [Certificate], { defaultValue: [] })
  @ArrayUnique()
  @IsEnum(Certificate, { each: true })
  certificates: Certificate[];

  @Field(() => [QualificationInput], { defaultValue: [] })
  @ArrayMaxSize(10)
  @Nested(() => QualificationInput)
  qualifications: QualificationInput[];

  @Field(() => ExitProfile, { nullable: true })
  @IsOptional()
  @IsEnum(ExitProfile)
  exitProfile?: ExitProfile;

  @Field({ defaultValue: false })
  @IsBoolean()
  finalYear: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'targetCrebo must be a 5-digit crebo code' })
  targetCrebo?: string;

  @Field(() => [String], { defaultValue: [] })
  @LabelList()
  targetWerkprocessen: string[];

  @Field(() => [Weekday], { defaultValue: [] })
  @ArrayUnique()
  @IsEnum(Weekday, { each: true })
  availableDays: Weekday[];

  @Field(() => GraphQLLocalDate, { nullable: true })
  @IsOptional()
  availableFrom?: string;
}

@InputType()
export class UpdateStudentProfileInput extends PartialType(StudentProfileInput, { omitDefaultValues: true, skipNullProperties: false }) {
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The day the student left; starts the retention period.' })
  @IsOptional()
  leftAt?: string;
}

@InputType()
export class StudentProfileFilter {
  @Field({ nullable: true, description: 'Start of the code.' })
  @IsOptional()
  @MaxLength(40)
  code?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  finalYear?: boolean;

  @Field({ nullable: true, description: 'Include students who have left (default: no).' })
  @IsOptional()
  @IsBoolean()
  includeLeft?: boolean;
}

@ArgsType()
export class StudentProfilesArgs extends PageArgs {
  @Field(() => StudentProfileFilter, { nullable: true })
  @IsOptional()
  @Nested(() => StudentProfileFilter)
  filter?: StudentProfileFilter;
}
