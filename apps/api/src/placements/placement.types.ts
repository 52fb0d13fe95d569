import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, OmitType, PartialType } from '@nestjs/graphql';
import { FlagVerification } from '../employers/employer.types';
import { Audience, Certificate, Demand, InternshipStatus, PaidJobChance, PlacementType, Sector, SubSector, SupportLevel, Weekday } from '@stagebank/domain';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { PageArgs, Paginated } from '../common/pagination';
import { Qualification, QualificationInput } from '../common/qualification.types';
import { LabelList, Nested } from '../common/validation';

@ObjectType({ description: 'Stageplek / leerwerkplek at one site.' })
export class Placement {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  siteId: string;

  @Field()
  title: string;

  @Field()
  description: string;

  @Field(() => [String])
  tasks: string[];

  @Field(() => Sector)
  sector: Sector;

  @Field(() => [SubSector], {
    description: "Sub-sectors (a garden centre within retail): close alternatives for students who prefer another sector. Matching also counts the employer's.",
  })
  tags: SubSector[];

  @Field(() => PlacementType)
  type: PlacementType;

  @Field(() => Int, { description: 'Students the placement can take at once.' })
  seats: number;

  @Field(() => [Weekday])
  days: Weekday[];

  @Field(() => Float)
  hoursPerWeek: number;

  @Field()
  weekendWork: boolean;

  @Field()
  holidayWork: boolean;

  @Field(() => Demand)
  physicalDemand: Demand;

  @Field(() => Demand)
  mentalDemand: Demand;

  @Field()
  customerContact: boolean;

  @Field({ description: 'A calm workplace with few stimuli (prikkelarm).' })
  quietWorkplace: boolean;

  @Field(() => [Certificate])
  requiredCertificates: Certificate[];

  @Field(() => [Qualification], { description: 'Diplomas a student must hold; missing one rules the placement out.' })
  requiredQualifications: Qualification[];

  @Field({ description: 'A stagevergoeding is paid.' })
  allowancePaid: boolean;

  @Field(() => PaidJobChance)
  paidJobChance: PaidJobChance;

  @Field(() => [Audience])
  audiences: Audience[];

  @Field(() => FlagVerification, { description: 'Suitability for `audiences`: verified by a coach who visited, or only declared.' })
  audienceSuitability: FlagVerification;

  @Field(() => SupportLevel, { description: 'The most intensive supervision offered.' })
  supervisionLevel: SupportLevel;

  @Field({ description: 'Needs a supervisor from the school (group placements).' })
  schoolSupervisorRequired: boolean;

  @Field(() => String, { nullable: true, description: 'Crebo qualification code that can be worked toward.' })
  crebo: string | null;

  @Field(() => [String], { description: 'Werkprocessen that can be learned here.' })
  werkprocessen: string[];

  @Field(() => GraphQLLocalDate)
  availableFrom: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  availableUntil: string | null;

  @Field(() => Date, { nullable: true })
  lastVerifiedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  /** Read through `reservation`, which leaves out a reservation whose day has passed. */
  reservedForOrganisationId: string | null;
  reservedUntil: string | null;
}

@ObjectType()
export class PlacementConnection extends Paginated(Placement) {}

@ObjectType({
  description:
    'The placement is held for the school or initiative that recruited its employer, up to and including `until`; from the day after it is open to all. Matching does not offer it to other organisations for a period starting by then.',
})
export class PlacementReservation {
  @Field(() => ID)
  organisationId: string;

  @Field()
  organisationName: string;

  @Field(() => GraphQLLocalDate, { description: 'The last reserved day.' })
  until: string;

  @Field({ description: "Reserved for the viewer's own organisation." })
  forViewer: boolean;
}

@InputType()
export class ReservePlacementInput {
  @Field(() => GraphQLLocalDate, { description: 'The last reserved day: today at the earliest, at most a year ahead.' })
  until: string;

  @Field(() => ID, { nullable: true, description: "The school or initiative to reserve for; default the viewer's. Only a network admin may name another." })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

@ObjectType({ description: 'A taken seat as everyone in the network sees it: which organisation and coach, until when; never which student.' })
export class SeatOccupancy {
  @Field(() => ID)
  organisationId: string;

  @Field()
  organisationName: string;

  @Field(() => String, { nullable: true })
  coachName: string | null;

  @Field(() => GraphQLLocalDate)
  startDate: string;

  @Field(() => GraphQLLocalDate)
  endDate: string;

  @Field(() => InternshipStatus)
  status: InternshipStatus;
}

@ObjectType({ description: "An employer's seats today, over its current placements." })
export class EmployerSeats {
  @Field(() => Int)
  placements: number;

  @Field(() => Int)
  seats: number;

  @Field(() => Int)
  taken: number;

  @Field(() => Int)
  free: number;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Today when a seat is free, else the first day one frees up.' })
  nextOpening: string | null;
}

@InputType()
export class CreatePlacementInput {
  @Field(() => ID)
  @IsUUID()
  siteId: string;

  @Field()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @Field({ defaultValue: '' })
  @MaxLength(5000)
  description: string;

  @Field(() => [String], { defaultValue: [] })
  @LabelList()
  tasks: string[];

  @Field(() => Sector)
  @IsEnum(Sector)
  sector: Sector;

  @Field(() => [SubSector], { defaultValue: [] })
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsEnum(SubSector, { each: true })
  tags: SubSector[];

  @Field(() => PlacementType)
  @IsEnum(PlacementType)
  type: PlacementType;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(60)
  seats: number;

  @Field(() => [Weekday], { defaultValue: [] })
  @ArrayUnique()
  @IsEnum(Weekday, { each: true })
  days: Weekday[];

  @Field(() => Float)
  @IsNumber()
  @Min(1)
  @Max(60)
  hoursPerWeek: number;

  @Field({ defaultValue: false })
  @IsBoolean()
  weekendWork: boolean;

  @Field({ defaultValue: false })
  @IsBoolean()
  holidayWork: boolean;

  @Field(() => Demand, { defaultValue: Demand.MEDIUM })
  @IsEnum(Demand)
  physicalDemand: Demand;

  @Field(() => Demand, { defaultValue: Demand.MEDIUM })
  @IsEnum(Demand)
  mentalDemand: Demand;

  @Field({ defaultValue: false })
  @IsBoolean()
  customerContact: boolean;

  @Field({ defaultValue: false })
  @IsBoolean()
  quietWorkplace: boolean;

  @Field(() => [Certificate], { defaultValue: [] })
  @ArrayUnique()
  @IsEnum(Certificate, { each: true })
  requiredCertificates: Certificate[];

  @Field(() => [QualificationInput], { defaultValue: [] })
  @ArrayMaxSize(10)
  @Nested(() => QualificationInput)
  requiredQualifications: QualificationInput[];

  @Field({ defaultValue: false })
  @IsBoolean()
  allowancePaid: boolean;

  @Field(() => PaidJobChance, { defaultValue: PaidJobChance.NONE })
  @IsEnum(PaidJobChance)
  paidJobChance: PaidJobChance;

  @Field(() => [Audience])
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(Audience, { each: true })
  audiences: Audience[];

  @Field(() => SupportLevel)
  @IsEnum(SupportLevel)
  supervisionLevel: SupportLevel;

  @Field({ defaultValue: false })
  @IsBoolean()
  schoolSupervisorRequired: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'crebo must be a 5-digit crebo code' })
  crebo?: string;

  @Field(() => [String], { defaultValue: [] })
  @LabelList()
  werkprocessen: string[];

  @Field(() => GraphQLLocalDate)
  availableFrom: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @IsOptional()
  availableUntil?: string;
}

@InputType()
export class UpdatePlacementInput extends PartialType(OmitType(CreatePlacementInput, ['siteId'] as const), {
  omitDefaultValues: true,
  skipNullProperties: false,
}) {}

@InputType()
export class PlacementFilter {
  @Field(() => [Sector], { nullable: true })
  @IsOptional()
  @IsEnum(Sector, { each: true })
  sectors?: Sector[];

  @Field(() => [PlacementType], { nullable: true })
  @IsOptional()
  @IsEnum(PlacementType, { each: true })
  types?: PlacementType[];

  @Field(() => [Audience], { nullable: true, description: 'Open to any of these audiences.' })
  @IsOptional()
  @IsEnum(Audience, { each: true })
  audiences?: Audience[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  employerId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @Field({ nullable: true, description: 'Only placements with a seat free today.' })
  @IsOptional()
  @IsBoolean()
  hasFreeSeat?: boolean;

  @Field({ nullable: true, description: 'Part of the title (accents and case ignored).' })
  @IsOptional()
  @MaxLength(200)
  search?: string;
}

@ArgsType()
export class PlacementsArgs extends PageArgs {
  @Field(() => PlacementFilter, { nullable: true })
  @IsOptional()
  @Nested(() => PlacementFilter)
  filter?: PlacementFilter;
}

@InputType({ description: 'The audiences a coach who visited found the placement suits.' })
export class VerifyAudienceSuitabilityInput {
  @Field(() => [Audience])
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(Audience, { each: true })
  audiences: Audience[];
}
