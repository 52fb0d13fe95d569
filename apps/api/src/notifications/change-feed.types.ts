import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ChangeKind, ChangeOperation, MAX_CURSOR_LENGTH } from '../changes/change-feed';
import { MAX_PAGE_SIZE, PageInfo } from '../common/pagination';

registerEnumType(ChangeKind, {
  name: 'ChangeKind',
  description: 'What the change feed carries: the shared network, never a school’s students or internships.',
  valuesMap: {
    RECOGNITION: { description: 'SBB recognition of an employer (entityId: the recognition).' },
    BORIS_FLAG: { description: 'The Boris kenmerk of an employer set or cleared (entityId: the flag entry).' },
    SEAT: { description: 'A seat of a placement taken or freed for a period (entityId: the placement). Never which internship, student or school.' },
  },
});
registerEnumType(ChangeOperation, {
  name: 'ChangeOperation',
  valuesMap: {
    SEAT_TAKEN: { description: 'An internship began holding a seat of the placement from seatFrom to seatUntil.' },
    SEAT_FREED: { description: 'An internship stopped holding the seat of that period (ended early, cancelled, moved, deleted, or its dates changed).' },
  },
});

@ObjectType({ description: 'One change of the shared network. Fetch the current state through the fields employer, site and placement, or by id.' })
export class Change {
  @Field(() => ID, {
    description: 'The same however often, and through whichever cursor, the change is read (a webhook may send it twice): deduplicate on it.',
  })
  id: string;

  @Field({ description: "This change's place in the feed as read this time: resume after it with changes(after:)." })
  cursor: string;

  @Field(() => ChangeKind)
  kind: ChangeKind;

  @Field(() => ChangeOperation)
  operation: ChangeOperation;

  @Field(() => ID, { description: 'The employer, site, placement, recognition or Boris flag entry changed; for SEAT, the placement.' })
  entityId: string;

  @Field(() => ID, { nullable: true, description: 'EMPLOYER, SITE, RECOGNITION, BORIS_FLAG: the employer concerned.' })
  employerId: string | null;

  @Field(() => ID, { nullable: true, description: 'PLACEMENT: its site.' })
  siteId: string | null;

  @Field(() => ID, { nullable: true, description: 'PLACEMENT and SEAT: the placement.' })
  placementId: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'SEAT: the first day of the period taken or freed.' })
  seatFrom: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'SEAT: the last day of the period taken or freed.' })
  seatUntil: string | null;

  @Field({ description: 'When the writing transaction began.' })
  at: Date;
}

@ObjectType()
export class ChangeConnection {
  @Field(() => [Change], { description: 'Oldest first, in the order to apply them.' })
  nodes: Change[];

  @Field(() => PageInfo, {
    description: 'endCursor is where to continue (always set; with hasNextPage false it is past everything committed so far, so keep it and ask again later).',
  })
  pageInfo: PageInfo;
}

@ArgsType()
export class ChangesArgs {
  @Field({
    nullable: true,
    description:
      'The endCursor (or a change’s cursor) you last applied; without it, from the oldest change kept. Older than the log keeps: CHANGES_CURSOR_EXPIRED.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  after?: string;

  @Field(() => [ChangeKind], { nullable: true, description: 'Only these kinds (default: all).' })
  @IsOptional()
  @ArrayUnique()
  @IsEnum(ChangeKind, { each: true })
  kinds?: ChangeKind[];

  @Field(() => Int, { defaultValue: MAX_PAGE_SIZE, description: `1–${MAX_PAGE_SIZE}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = MAX_PAGE_SIZE;
}

@InputType({ description: 'A webhook of your organisation to receive the change feed.' })
export class WebhookChangesInput {
  @Field(() => ID)
  @IsUUID()
  webhookId: string;

  @Field(() => [ChangeKind], { description: 'The kinds to send; empty stops the changes (notifications of watches continue).' })
  @ArrayUnique()
  @ArrayMaxSize(10)
  @IsEnum(ChangeKind, { each: true })
  kinds: ChangeKind[];

  @Field({ nullable: true, description: 'Start after this cursor (say, where your mirror is); default: from now (changesHead).' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  after?: string;
}
