import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Audience, PlacementType, Sector } from '@stagebank/domain';
import { NotificationKind, WatchKind } from '@stagebank/persistence';
import { IsEnum, IsInt, IsOptional, IsUUID, IsUrl, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ChangeKind } from '../changes/change-feed';
import { GeoPoint } from '../common/geo.types';
import { Nested } from '../common/validation';
import { NearInput } from '../common/geo.types';

registerEnumType(WatchKind, { name: 'WatchKind' });
registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  valuesMap: {
    SEAT_FREED: { description: 'A seat became free: an internship ended early or was cancelled, or seats were added.' },
    PLACEMENT_OPENED: { description: 'A new placement was added.' },
    HOLD_EXPIRING: {
      description: "To the coach: a PROPOSED internship's hold on its seat runs out soon (see Internship.holdExpiresAt); agree it or renew the hold.",
    },
    OUTCOME_DUE: {
      description:
        'To the coach: an internship passed its planned end (Internship.endDate, its last day) with no outcome recorded, so it is now listed as unaccounted for (internships(filter: { unaccountedFor: true })); record its outcome and an evaluation.',
    },
    LINK_ROUND_STARTED: {
      description:
        "An employer-link round's links went out (to whoever started it, or when the yearly job did, the region's coordinators and admins): send each employer its link.",
    },
    LINK_ROUND_REPORT_READY: {
      description:
        'The report of who answered an employer-link round is final: no link of it can be answered any more (each answered, expired or revoked). To the same people as LINK_ROUND_STARTED.',
    },
  },
});

@ObjectType({ description: 'A saved search: placements added later that match it are notified.' })
export class SavedSearch {
  @Field(() => String, { nullable: true, description: 'Every word must occur in the title, tasks, description, employer or place (accents and case ignored).' })
  query: string | null;

  @Field(() => Sector, { nullable: true })
  sector: Sector | null;

  @Field(() => PlacementType, { nullable: true })
  placementType: PlacementType | null;

  @Field(() => Audience, { nullable: true })
  audience: Audience | null;

  @Field(() => GeoPoint, { nullable: true })
  near: GeoPoint | null;

  @Field(() => Int, { nullable: true })
  radiusKm: number | null;
}

@ObjectType({ description: '"Notify me" about a placement, an employer or a saved search.' })
export class Watch {
  @Field(() => ID)
  id: string;

  @Field(() => WatchKind)
  kind: WatchKind;

  @Field(() => ID, { nullable: true })
  placementId: string | null;

  @Field(() => ID, { nullable: true })
  employerId: string | null;

  @Field(() => SavedSearch, { nullable: true })
  search: SavedSearch | null;

  @Field(() => ID, { nullable: true, description: 'Notifications also go to this webhook.' })
  webhookId: string | null;

  @Field()
  createdAt: Date;
}

@InputType()
export class SavedSearchInput {
  @Field({ nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(200)
  query?: string;

  @Field(() => Sector, { nullable: true })
  @IsOptional()
  @IsEnum(Sector)
  sector?: Sector;

  @Field(() => PlacementType, { nullable: true })
  @IsOptional()
  @IsEnum(PlacementType)
  placementType?: PlacementType;

  @Field(() => Audience, { nullable: true })
  @IsOptional()
  @IsEnum(Audience)
  audience?: Audience;

  @Field(() => NearInput, { nullable: true })
  @IsOptional()
  @Nested(() => NearInput)
  near?: NearInput;
}

@InputType({ description: 'What to watch: exactly one of placementId, employerId or search.' })
export class WatchInput {
  @Field(() => ID, { nullable: true, description: 'Seats freeing up at this placement.' })
  @IsOptional()
  @IsUUID()
  placementId?: string;

  @Field(() => ID, { nullable: true, description: 'Seats freeing up and new placements at this employer.' })
  @IsOptional()
  @IsUUID()
  employerId?: string;

  @Field(() => SavedSearchInput, { nullable: true, description: 'New placements and freed seats that match.' })
  @IsOptional()
  @Nested(() => SavedSearchInput)
  search?: SavedSearchInput;

  @Field(() => ID, { nullable: true, description: "One of your organisation's webhooks, to receive these notifications too." })
  @IsOptional()
  @IsUUID()
  webhookId?: string;
}

@ObjectType()
export class Notification {
  @Field(() => ID, { description: 'Increasing; resume a subscription after the last one seen with `afterId`.' })
  id: string;

  @Field(() => NotificationKind)
  kind: NotificationKind;

  @Field(() => ID, { nullable: true, description: 'Null for an employer-link round (LINK_ROUND_STARTED, LINK_ROUND_REPORT_READY).' })
  placementId: string | null;

  @Field(() => ID, { nullable: true, description: 'Null for an employer-link round (LINK_ROUND_STARTED, LINK_ROUND_REPORT_READY).' })
  employerId: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'LINK_ROUND_STARTED, LINK_ROUND_REPORT_READY: the round (see linkRound, or employerLinkRound by its region and school year).',
  })
  linkRoundId: string | null;

  @Field(() => ID, { nullable: true, description: 'Null for notifications to a coach about their own internship (HOLD_EXPIRING, OUTCOME_DUE).' })
  watchId: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "HOLD_EXPIRING, OUTCOME_DUE: the coach's own internship whose hold runs out, or that passed its planned end with no outcome recorded.",
  })
  internshipId: string | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  readAt: Date | null;
}

@ArgsType()
export class NotificationsArgs {
  @Field({ defaultValue: false })
  unreadOnly: boolean = false;

  @Field(() => Int, { defaultValue: 50, description: '1–200, newest first.' })
  @IsInt()
  @Min(1)
  @Max(200)
  first: number = 50;
}

@ObjectType({ description: "An endpoint of your organisation's that receives signed notifications (POST, JSON)." })
export class Webhook {
  @Field(() => ID)
  id: string;

  @Field()
  url: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field()
  createdAt: Date;

  @Field(() => [ChangeKind], { description: 'The change kinds it receives (setWebhookChanges); empty: none.' })
  changeKinds: ChangeKind[];

  @Field(() => String, { nullable: true, description: 'How far its change deliveries have reached in the change feed (a cursor for changes(after:)).' })
  changeCursor: string | null;
}

@ObjectType()
export class CreatedWebhook {
  @Field(() => Webhook)
  webhook: Webhook;

  @Field({
    description:
      'Shown once. Each delivery carries X-Stagebank-Timestamp and X-Stagebank-Signature: sha256=HMAC-SHA256(secret, "<timestamp>.<body>") in hex; reject old timestamps and compare in constant time.',
  })
  secret: string;
}

@InputType()
export class WebhookInput {
  @Field({ description: 'https:// (http:// only outside production).' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  url: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(200)
  description?: string;
}
