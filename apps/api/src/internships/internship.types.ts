import { ArgsType, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { InternshipStatus } from '@stagebank/domain';
import { IsBoolean, IsEnum, IsOptional, IsUUID, MaxLength, MinLength } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { PageArgs, Paginated } from '../common/pagination';
import { Nested } from '../common/validation';

@ObjectType({ description: "The occupancy of a seat by a student of the viewer's own organisation." })
export class Internship {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  placementId: string;

  @Field(() => ID, { nullable: true, description: "Null after the student's data was erased." })
  studentId: string | null;

  @Field(() => ID)
  organisationId: string;

  @Field(() => ID, { nullable: true })
  coachUserId: string | null;

  @Field(() => GraphQLLocalDate)
  startDate: string;

  @Field(() => GraphQLLocalDate)
  endDate: string;

  @Field(() => InternshipStatus)
  status: InternshipStatus;

  @Field(() => String, { nullable: true })
  endReason: string | null;

  @Field(() => Date, {
    nullable: true,
    description:
      "While PROPOSED: when the hold on the seat runs out (the organisation's holdExpiryDays after proposing). The coach is reminded 3 days before; then the internship becomes EXPIRED and the seat is free. renewInternshipHold starts the hold anew.",
  })
  holdExpiresAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class InternshipConnection extends Paginated(Internship) {}

@InputType()
export class CreateInternshipInput {
  @Field(() => ID)
  @IsUUID()
  placementId: string;

  @Field(() => ID)
  @IsUUID()
  studentId: string;

  @Field(() => ID, { nullable: true, description: 'A member of your organisation; defaults to you.' })
  @IsOptional()
  @IsUUID()
  coachUserId?: string;

  @Field(() => GraphQLLocalDate)
  startDate: string;

  @Field(() => GraphQLLocalDate)
  endDate: string;

  @Field(() => InternshipStatus, { defaultValue: InternshipStatus.PROPOSED, description: 'PROPOSED, AGREED or ACTIVE.' })
  @IsEnum(InternshipStatus)
  status: InternshipStatus;
}

@InputType()
export class UpdateInternshipInput {
  @Field(() => InternshipStatus, { nullable: true, description: 'Not EXPIRED: a hold expires by itself.' })
  @IsOptional()
  @IsEnum(InternshipStatus)
  status?: InternshipStatus;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @IsOptional()
  startDate?: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @IsOptional()
  endDate?: string;

  @Field({ nullable: true, description: 'Required when ending early.' })
  @IsOptional()
  @MinLength(1)
  @MaxLength(1000)
  endReason?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  coachUserId?: string;
}

@InputType()
export class InternshipFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  placementId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  studentId?: string;

  @Field(() => [InternshipStatus], { nullable: true })
  @IsOptional()
  @IsEnum(InternshipStatus, { each: true })
  statuses?: InternshipStatus[];

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: only internships "unaccounted for": the planned end (endDate, the last day) has passed, the internship took place (AGREED, ACTIVE, PAUSED, COMPLETED or ENDED_EARLY) and no outcome is recorded (Internship.outcome is null), whether or not it was evaluated. The coach is reminded (OUTCOME_DUE) on the day the internship becomes unaccounted for, the day after its planned end.',
  })
  @IsOptional()
  @IsBoolean()
  unaccountedFor?: boolean;
}

@ArgsType()
export class InternshipsArgs extends PageArgs {
  @Field(() => InternshipFilter, { nullable: true })
  @IsOptional()
  @Nested(() => InternshipFilter)
  filter?: InternshipFilter;
}
