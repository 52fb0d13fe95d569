import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Audience, EmployerStatus, LabourMarketRegion, LinkAnswer, PlacementType, Sector, SupervisorRole, SupportLevel, Weekday } from '@stagebank/domain';
import { GraphQLLocalDate } from 'graphql-scalars';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Employer } from '../employers/employer.types';
import { EmployerHostingInterest } from '../employers/hosting-interest';
import { HostingInterest, NotHostingReason } from '@stagebank/domain';
import { IsDutchPostcode, Nested } from '../common/validation';

export enum LinkStatus {
  OPEN = 'OPEN',
  ANSWERED = 'ANSWERED',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(LinkStatus, {
  name: 'EmployerLinkStatus',
  valuesMap: {
    OPEN: { description: 'Valid, not answered yet.' },
    ANSWERED: { description: 'The employer confirmed, corrected or paused (the link stays valid until it expires, for later corrections).' },
    EXPIRED: { description: 'Past its expiry without being revoked.' },
    REVOKED: { description: 'Revoked by a coordinator, or replaced by a newer link.' },
  },
});
registerEnumType(LinkAnswer, { name: 'EmployerLinkAnswer' });

@ObjectType({ description: 'A signed, expiring link for an employer to keep its own listing current (no account needed).' })
export class EmployerLink {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  employerId: string;

  @Field({ description: 'The school year the employer is asked about, e.g. "2027-2028".' })
  schoolYear: string;

  @Field(() => LinkStatus)
  status: LinkStatus;

  @Field()
  createdAt: Date;

  @Field()
  expiresAt: Date;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the employer first opened it.' })
  openedAt: Date | null;

  @Field(() => Date, { nullable: true })
  answeredAt: Date | null;

  @Field(() => LinkAnswer, { nullable: true })
  answer: LinkAnswer | null;

  @Field(() => ID, { nullable: true, description: 'Null when a yearly round made it.' })
  createdByUserId: string | null;

  @Field(() => ID, { nullable: true, description: 'The yearly round that made it, if one did.' })
  roundId: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Where the employer opens it, to put after the web app's address (e.g. https://stagebank.example + path); null once it no longer works (expired or revoked). Send it yourself: stagebank sends no e-mail.",
  })
  path: string | null;
}

@ObjectType()
export class EmployerLinkRoundEntry {
  @Field(() => Employer)
  employer: Employer;

  @Field(() => EmployerLink)
  link: EmployerLink;
}

@ObjectType({ description: 'A yearly round of links in one region, and who answered.' })
export class EmployerLinkRound {
  @Field(() => ID)
  id: string;

  @Field(() => LabourMarketRegion)
  region: LabourMarketRegion;

  @Field()
  schoolYear: string;

  @Field()
  startedAt: Date;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the report became final: no link of the round could be answered any more (each answered, expired or revoked). Null while some still can; a later start that adds links makes it null again.',
  })
  reportReadyAt: Date | null;

  @Field(() => Int)
  links: number;

  @Field(() => Int, { description: 'Confirmed, corrected or paused.' })
  answered: number;

  @Field(() => Int)
  confirmed: number;

  @Field(() => Int)
  corrected: number;

  @Field(() => Int)
  paused: number;

  @Field(() => Int, { description: 'Not answered, whether still open, expired or revoked.' })
  unanswered: number;

  @Field(() => [EmployerLinkRoundEntry], { description: 'Every link of the round, unanswered first, then by employer name.' })
  entries: EmployerLinkRoundEntry[];
}

@ArgsType()
export class EmployerLinkRoundArgs {
  @Field(() => LabourMarketRegion)
  @IsEnum(LabourMarketRegion)
  region: LabourMarketRegion;

  @Field({ nullable: true, description: 'Default: the coming school year.' })
  @IsOptional()
  @IsString()
  schoolYear?: string;
}

@ObjectType({ description: 'A new link: its token is shown here and worked out again for coordinators until it expires.' })
export class CreatedEmployerLink {
  @Field(() => EmployerLink)
  link: EmployerLink;

  @Field({ description: "The credential itself: whoever holds it can change this employer's listing until it expires or is revoked." })
  token: string;
}

// The employer's own view through its link: only its listing, in types of its own (no field
// resolver of the network's Employer type is reachable from here).

@ObjectType('LinkedSupervisor')
export class LinkedSupervisor {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => SupervisorRole) role: SupervisorRole;
  @Field() trained: boolean;
  @Field(() => String, { nullable: true, description: 'E.g. "Leermeestertraining SBB 2024".' }) training: string | null;
  @Field(() => Int) maxStudents: number;
  @Field(() => SupportLevel) intensity: SupportLevel;
}

@ObjectType('LinkedPlacement')
export class LinkedPlacement {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field() description: string;
  @Field(() => Int) seats: number;
  @Field(() => Int, { description: 'The most seats taken at once from today on: seats cannot go below it.' }) seatsTaken: number;
  @Field(() => GraphQLLocalDate) availableFrom: string;
  @Field(() => GraphQLLocalDate, { nullable: true }) availableUntil: string | null;
}

@ObjectType('LinkedSite')
export class LinkedSite {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() street: string;
  @Field() houseNumber: string;
  @Field() postcode: string;
  @Field() place: string;
  @Field() wheelchairAccessible: boolean;
  @Field(() => [LinkedSupervisor]) supervisors: LinkedSupervisor[];
  @Field(() => [LinkedPlacement]) placements: LinkedPlacement[];
}

@ObjectType('LinkedContactPerson')
export class LinkedContactPerson {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) role: string | null;
  @Field(() => String, { nullable: true }) phone: string | null;
  @Field(() => String, { nullable: true }) email: string | null;
}

@ObjectType({ description: "An employer's own listing, as its link shows it: the only thing a link can read." })
export class LinkedListing {
  @Field(() => ID) employerId: string;
  @Field() name: string;
  @Field(() => EmployerStatus) status: EmployerStatus;
  @Field(() => GraphQLLocalDate, { nullable: true }) pausedUntil: string | null;
  @Field(() => Date, { nullable: true }) lastVerifiedAt: Date | null;
  @Field({ description: 'The school year the employer is asked about.' }) schoolYear: string;
  @Field() linkExpiresAt: Date;
  @Field(() => LinkAnswer, { nullable: true }) answer: LinkAnswer | null;
  @Field(() => [LinkedSite]) sites: LinkedSite[];
  @Field(() => [LinkedContactPerson]) contactPersons: LinkedContactPerson[];
  @Field(() => EmployerHostingInterest, { nullable: true, description: 'For the school year asked about.' }) hostingInterest: EmployerHostingInterest | null;
  @Field(() => Int, { nullable: true, description: 'How many approaches by coaches a month the employer can handle (null: no cap).' })
  maxApproachesPerMonth: number | null;
}

@InputType({ description: 'A site: its name, and its address when it moved or was wrong (placed again on the map by PDOK).' })
export class LinkedSiteInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @Field({ nullable: true, description: 'Declared by the employer: a coach verified value becomes declared again when this changes it.' })
  @IsOptional()
  @IsBoolean()
  wheelchairAccessible?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) street?: string;
  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\d{1,5}\s?[a-zA-Z0-9-]{0,6}$/, { message: 'houseNumber must be a house number such as "12" or "12a"' })
  houseNumber?: string;
  @Field({ nullable: true, description: 'Dutch postcode, "1234 AB" or "1234ab".' }) @IsOptional() @IsDutchPostcode() postcode?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100) place?: string;
}

@InputType({ description: "A new placement at one of the employer's own sites." })
export class LinkedNewPlacementInput {
  @Field(() => ID) @IsUUID() siteId: string;
  @Field() @IsString() @MinLength(1) @MaxLength(200) title: string;
  @Field({ defaultValue: '' }) @IsString() @MaxLength(5000) description: string;
  @Field(() => [String], { defaultValue: [] }) @IsString({ each: true }) @MaxLength(200, { each: true }) @ArrayMaxSize(20) tasks: string[];
  @Field(() => Sector) @IsEnum(Sector) sector: Sector;
  @Field(() => PlacementType, { defaultValue: PlacementType.STAGE }) @IsEnum(PlacementType) type: PlacementType;
  @Field(() => Int) @IsInt() @Min(1) @Max(50) seats: number;
  @Field(() => [Weekday], { defaultValue: [] }) @IsEnum(Weekday, { each: true }) @ArrayMaxSize(7) days: Weekday[];
  @Field(() => Float, { defaultValue: 16 }) @IsNumber() @Min(1) @Max(60) hoursPerWeek: number;
  @Field(() => [Audience], { description: 'Who it is for: PrO, VSO and/or PLP.' })
  @IsEnum(Audience, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  audiences: Audience[];
  @Field(() => SupportLevel, { defaultValue: SupportLevel.MODERATE }) @IsEnum(SupportLevel) supervisionLevel: SupportLevel;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Default: today.' }) @IsOptional() availableFrom?: string;
}

@InputType()
export class LinkedPlacementInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) title?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(5000) description?: string;
  @Field(() => Int, { nullable: true, description: 'Seats for the coming school year (0 to stop offering it for now).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(50)
  seats?: number;
}

@InputType()
export class LinkedSupervisorInput {
  @Field(() => ID, { nullable: true, description: 'An existing supervisor; without it, a new one at siteId.' }) @IsOptional() @IsUUID() id?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() siteId?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) name?: string;
  @Field(() => SupervisorRole, { nullable: true }) @IsOptional() @IsEnum(SupervisorRole) role?: SupervisorRole;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() trained?: boolean;
  @Field({
    nullable: true,
    description:
      'The training followed, e.g. "Leermeestertraining SBB 2024"; empty clears it. Declared by the employer: a coach verified training becomes declared again when this changes it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  training?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(20) maxStudents?: number;
  @Field(() => SupportLevel, { nullable: true }) @IsOptional() @IsEnum(SupportLevel) intensity?: SupportLevel;
  @Field({ nullable: true, description: 'true: this supervisor left.' }) @IsOptional() @IsBoolean() remove?: boolean;
}

@InputType()
export class LinkedContactInput {
  @Field(() => ID, { nullable: true, description: 'An existing contact person; without it, a new one.' }) @IsOptional() @IsUUID() id?: string;
  @Field() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) role?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(40) phone?: string;
  @Field({ nullable: true }) @IsOptional() @IsEmail() @MaxLength(200) email?: string;
}

@InputType()
export class LinkedHostingInterestInput {
  @Field(() => HostingInterest) @IsEnum(HostingInterest) interest: HostingInterest;
  @Field(() => [NotHostingReason], { defaultValue: [] }) @IsEnum(NotHostingReason, { each: true }) @ArrayMaxSize(7) reasons: NotHostingReason[];
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

@InputType({ description: 'Corrections to the listing, applied together with the confirmation; leave out what is right.' })
export class LinkedListingInput {
  @Field(() => [LinkedSiteInput], { defaultValue: [] }) @IsOptional() @Nested(() => LinkedSiteInput) @ArrayMaxSize(50) sites: LinkedSiteInput[];
  @Field(() => [LinkedPlacementInput], { defaultValue: [] })
  @IsOptional()
  @Nested(() => LinkedPlacementInput)
  @ArrayMaxSize(200)
  placements: LinkedPlacementInput[];
  @Field(() => [LinkedNewPlacementInput], { defaultValue: [], description: "Placements to add at the employer's own sites." })
  @IsOptional()
  @Nested(() => LinkedNewPlacementInput)
  @ArrayMaxSize(20)
  newPlacements: LinkedNewPlacementInput[];
  @Field(() => [LinkedSupervisorInput], { defaultValue: [] })
  @IsOptional()
  @Nested(() => LinkedSupervisorInput)
  @ArrayMaxSize(100)
  supervisors: LinkedSupervisorInput[];
  @Field(() => [LinkedContactInput], { defaultValue: [] })
  @IsOptional()
  @Nested(() => LinkedContactInput)
  @ArrayMaxSize(20)
  contactPersons: LinkedContactInput[];
  @Field(() => LinkedHostingInterestInput, { nullable: true })
  @IsOptional()
  @Nested(() => LinkedHostingInterestInput)
  hostingInterest?: LinkedHostingInterestInput;
  @Field(() => Int, {
    nullable: true,
    description: 'How many approaches by coaches a month the employer can handle, 1–100; null removes the cap, leaving it out keeps it.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxApproachesPerMonth?: number | null;
}

@InputType()
export class PauseLinkedListingInput {
  @Field(() => Int, { description: 'Ask again in this many months (1–24).' }) @IsInt() @Min(1) @Max(24) askAgainInMonths: number;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(1000) reason?: string;
  @Field(() => [NotHostingReason], { defaultValue: [] }) @IsEnum(NotHostingReason, { each: true }) @ArrayMaxSize(7) reasons: NotHostingReason[];
}
