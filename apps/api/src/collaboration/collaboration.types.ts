import { applyDecorators } from '@nestjs/common';
import { Field, Float, ID, InputType, Int, ObjectType, PartialType } from '@nestjs/graphql';
import { ApproachOutcome } from '@stagebank/domain';
import { IsEmail, IsEnum, IsInt, IsOptional, IsPhoneNumber, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';

/** Who wrote something shared: the organisation and, while the account exists, the user. */
@ObjectType()
export class Author {
  @Field(() => ID)
  organisationId: string;

  @Field()
  organisationName: string;

  @Field(() => ID, { nullable: true })
  userId: string | null;

  @Field(() => String, { nullable: true })
  userName: string | null;
}

@ObjectType({ description: 'A person to contact at an employer (or one of its sites), shared across the network.' })
export class ContactPerson {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  employerId: string;

  @Field(() => ID, { nullable: true, description: 'The site this person works at, when not the whole employer.' })
  siteId: string | null;

  @Field()
  name: string;

  @Field(() => String, { nullable: true, description: 'Role at the employer, e.g. "bedrijfsleider".' })
  role: string | null;

  @Field(() => String, { nullable: true, description: 'International format, e.g. +31612345678.' })
  phone: string | null;

  @Field(() => String, { nullable: true })
  email: string | null;

  @Field()
  updatedAt: Date;
}

@InputType()
export class ContactPersonInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  siteId?: string | null;

  @Field()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(100)
  role?: string;

  @Field({ nullable: true, description: 'A Dutch or international phone number, e.g. "06-12345678" or "+32 470 12 34 56".' })
  @IsOptional()
  @IsPhoneNumber('NL', { message: 'phone must be a valid phone number, e.g. 06-12345678' })
  phone?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;
}

@InputType()
export class UpdateContactPersonInput extends PartialType(ContactPersonInput) {}

@ObjectType({ description: 'A note on an employer, readable by every member of the network. Never about a student by name.' })
export class EmployerNote {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  employerId: string;

  @Field()
  text: string;

  @Field(() => Author)
  author: Author;

  @Field()
  createdAt: Date;
}

@ObjectType({ description: "A school's experience with an employer: three questions, 1 (poor) to 5 (excellent)." })
export class Experience {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  employerId: string;

  @Field(() => ID, { nullable: true, description: 'The internship it is about; only the recording organisation sees this.' })
  internshipId: string | null;

  @Field(() => Int)
  supervisionQuality: number;

  @Field(() => Int, { description: 'How well the work and the workplace suit PrO/VSO students.' })
  audienceFit: number;

  @Field(() => Int)
  wouldPlaceAgain: number;

  @Field(() => String, { nullable: true })
  text: string | null;

  @Field(() => Author)
  author: Author;

  @Field()
  createdAt: Date;
}

/** 1 (poor) to 5 (excellent). */
const Score = () => applyDecorators(IsInt(), Min(1), Max(5));

@InputType()
export class ExperienceInput {
  @Field(() => ID)
  @IsUUID()
  employerId: string;

  @Field(() => ID, { nullable: true, description: "One of your organisation's internships at this employer; one experience per internship." })
  @IsOptional()
  @IsUUID()
  internshipId?: string;

  @Field(() => Int)
  @Score()
  supervisionQuality: number;

  @Field(() => Int)
  @Score()
  audienceFit: number;

  @Field(() => Int)
  @Score()
  wouldPlaceAgain: number;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(4000)
  text?: string;
}

@ObjectType({ description: "Schools' experiences with an employer, averaged; this is what matching weighs." })
export class ExperienceSummary {
  @Field(() => Int)
  count: number;

  @Field(() => Float, { nullable: true })
  supervisionQuality: number | null;

  @Field(() => Float, { nullable: true })
  audienceFit: number | null;

  @Field(() => Float, { nullable: true })
  wouldPlaceAgain: number | null;

  @Field(() => Float, { nullable: true, description: 'The mean of the three, 1–5; null without experiences.' })
  overall: number | null;
}

@ObjectType({ description: 'A coach is approaching this employer; everyone in the network sees it, so schools do not call the same employer twice.' })
export class EmployerApproach {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  employerId: string;

  @Field()
  purpose: string;

  @Field(() => GraphQLLocalDate)
  since: string;

  @Field(() => GraphQLLocalDate)
  until: string;

  @Field(() => Author, { description: 'Organisation and coach; call them before approaching the employer yourself.' })
  author: Author;

  @Field(() => Date, { nullable: true })
  endedAt: Date | null;

  @Field(() => ApproachOutcome, { nullable: true, description: 'How it ended, when the coach said.' })
  outcome: ApproachOutcome | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'BUSY_UNTIL: leave the employer alone until this day.' })
  busyUntil: string | null;

  @Field(() => String, { nullable: true })
  outcomeNote: string | null;
}

@InputType({ description: 'How the approach ended: BUSY_UNTIL needs busyUntil (a later day); OTHER needs a note.' })
export class ApproachOutcomeInput {
  @Field(() => ApproachOutcome)
  @IsEnum(ApproachOutcome)
  outcome: ApproachOutcome;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @IsOptional()
  busyUntil?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(1000)
  note?: string;
}

/** Unanswered approaches in six months from which an employer "does not respond" (approachSignals; matching notes it). */
export const DOES_NOT_RESPOND_AFTER = 3;

@ObjectType({ description: 'A proposal to pause the employer, from a coach being told it is busy.' })
export class PauseSuggestion {
  @Field(() => GraphQLLocalDate)
  until: string;

  @Field()
  reason: string;
}

@ObjectType({ description: "What coaches' approaches of this employer say, for coordinators (and matching) to weigh." })
export class ApproachSignals {
  @Field(() => Int, { description: 'Approaches that ended NO_ANSWER in the last six months.' })
  unansweredInSixMonths: number;

  @Field({ description: 'True from 3 unanswered approaches in six months.' })
  doesNotRespond: boolean;

  @Field(() => PauseSuggestion, { nullable: true, description: 'The latest BUSY_UNTIL still ahead, unless the employer is already paused that long.' })
  pauseSuggestion: PauseSuggestion | null;

  @Field(() => Int, { nullable: true, description: "The employer's own cap on approaches a month." })
  maxApproachesPerMonth: number | null;

  @Field(() => Int, { description: 'Approaches starting this calendar month.' })
  approachesThisMonth: number;
}

@InputType()
export class EmployerApproachInput {
  @Field(() => ID)
  @IsUUID()
  employerId: string;

  @Field({ description: 'E.g. "plek zoeken voor een leerling in de groenvoorziening".' })
  @MinLength(1)
  @MaxLength(500)
  purpose: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Default today.' })
  @IsOptional()
  since?: string;

  @Field(() => GraphQLLocalDate, { description: 'At most 180 days after `since`.' })
  until: string;
}

@ObjectType({ description: 'A warning that does not stop the change: the caller should know before going on.' })
export class CoordinationWarning {
  @Field({ description: 'E.g. ALREADY_IN_CONTACT.' })
  code: string;

  @Field()
  message: string;

  @Field(() => EmployerApproach, { nullable: true })
  approach: EmployerApproach | null;
}

@ObjectType()
export class EmployerApproachResult {
  @Field(() => EmployerApproach)
  approach: EmployerApproach;

  @Field(() => [CoordinationWarning], { description: 'ALREADY_IN_CONTACT for each other coach approaching this employer in an overlapping period.' })
  warnings: CoordinationWarning[];
}
