import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsOptional, Matches, MaxLength, MinLength } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';

@ObjectType({ description: 'SBB recognition as erkend leerbedrijf for one or more crebo qualifications.' })
export class Recognition {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  employerId: string;

  @Field({ description: "SBB's leerbedrijf-ID." })
  leerbedrijfId: string;

  @Field(() => [String])
  creboCodes: string[];

  @Field(() => GraphQLLocalDate)
  validFrom: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  validUntil: string | null;

  /** Resolved to `setBy` (RecognitionUsersResolver), only when asked for. */
  setByUserId: string;

  @Field()
  setAt: Date;

  @Field(() => Date, { nullable: true })
  withdrawnAt: Date | null;

  /** Resolved to `withdrawnBy`. */
  withdrawnByUserId: string | null;

  @Field(() => String, { nullable: true })
  withdrawalReason: string | null;

  @Field({ description: 'Valid today and not withdrawn.' })
  current: boolean;
}

@ObjectType({ description: 'The Boris kenmerk: a recognised company open to PrO/VSO students. One entry per period it was set.' })
export class BorisFlag {
  @Field(() => ID)
  id: string;

  /** Resolved to `setBy` (BorisFlagUsersResolver), only when asked for. */
  setByUserId: string;

  @Field()
  setAt: Date;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => Date, { nullable: true })
  clearedAt: Date | null;

  /** Resolved to `clearedBy`. */
  clearedByUserId: string | null;
}

@InputType()
export class RecognitionInput {
  @Field()
  @MinLength(1)
  @MaxLength(50)
  leerbedrijfId: string;

  @Field(() => [String], { description: '5-digit crebo codes.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(/^\d{5}$/, { each: true, message: 'each crebo code must have 5 digits' })
  creboCodes: string[];

  @Field(() => GraphQLLocalDate)
  validFrom: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Recognitions are reassessed every 4 years.' })
  @IsOptional()
  validUntil?: string;
}

@InputType()
export class BorisFlagInput {
  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(1000)
  note?: string;
}
