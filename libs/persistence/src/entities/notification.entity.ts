import { Audience, PlacementType, Sector } from '@stagebank/domain';
import type { Point } from 'typeorm';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { PointColumn, oneOf } from './columns';
import { EmployerEntity } from './employer.entity';
import { EmployerLinkRoundEntity } from './employer-link.entity';
import { OrganisationEntity, UserEntity } from './organisation.entity';
import { PlacementEntity } from './placement.entity';

export enum WatchKind {
  PLACEMENT = 'PLACEMENT',
  EMPLOYER = 'EMPLOYER',
  SEARCH = 'SEARCH',
}

export enum NotificationKind {
  /** A seat of the placement became free: an internship ended early or was cancelled, or seats were added. */
  SEAT_FREED = 'SEAT_FREED',
  /** A new placement was added. */
  PLACEMENT_OPENED = 'PLACEMENT_OPENED',
  /** To the coach: a PROPOSED internship's hold on its seat runs out soon. */
  HOLD_EXPIRING = 'HOLD_EXPIRING',
  /** To the coach: an internship reached its planned end; record the outcome and an evaluation. */
  OUTCOME_DUE = 'OUTCOME_DUE',
  /** To whoever started an employer-link round (or the region's coordinators and admins): its links went out. */
  LINK_ROUND_STARTED = 'LINK_ROUND_STARTED',
  /** To the same: no link of the round can be answered any more, so the report of who answered is final. */
  LINK_ROUND_REPORT_READY = 'LINK_ROUND_REPORT_READY',
}

/** An organisation's endpoint for signed notifications, for other tools. */
@Entity()
export class WebhookEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation: OrganisationEntity;

  @Column('text')
  url: string;

  /** HMAC-SHA256 key for the X-Stagebank-Signature header; shown once when the webhook is made. */
  @Column('text')
  secret: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('uuid')
  createdByUserId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  removedAt: Date | null;

  /** The change kinds (ChangeKind) this webhook follows; empty: none. */
  @Column('text', { array: true, default: '{}' })
  changeKinds: string[];

  /** The change feed's cursor the webhook's change deliveries have reached (set while it follows changes). */
  @Column('text', { nullable: true })
  changeCursor: string | null;
}

/** "Notify me": a user watches a placement, an employer, or a saved search. */
@Entity()
@Check(oneOf('kind', WatchKind))
@Check(`("kind" = 'PLACEMENT') = ("placement_id" IS NOT NULL) AND ("kind" = 'EMPLOYER') = ("employer_id" IS NOT NULL)`)
@Check(`("near" IS NULL) = ("radius_meters" IS NULL)`)
export class WatchEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  user: UserEntity;

  @Column('uuid')
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation: OrganisationEntity;

  @Column('text')
  kind: WatchKind;

  @Index()
  @Column('uuid', { nullable: true })
  placementId: string | null;

  @ManyToOne(() => PlacementEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  placement: PlacementEntity | null;

  @Index()
  @Column('uuid', { nullable: true })
  employerId: string | null;

  @ManyToOne(() => EmployerEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  employer: EmployerEntity | null;

  /** Saved search: all words must occur (accents and case ignored) in title, tasks, description, employer or place. */
  @Column('text', { nullable: true })
  query: string | null;

  @Column('text', { nullable: true })
  sector: Sector | null;

  @Column('text', { nullable: true })
  placementType: PlacementType | null;

  @Column('text', { nullable: true })
  audience: Audience | null;

  @PointColumn({ nullable: true })
  near: Point | null;

  @Column('int', { nullable: true })
  radiusMeters: number | null;

  /** Notifications of this watch also go to this webhook. */
  @Column('uuid', { nullable: true })
  webhookId: string | null;

  @ManyToOne(() => WebhookEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  webhook: WebhookEntity | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One thing a user was told; kept, so a client that was away gets what it missed. */
@Entity()
@Check(oneOf('kind', NotificationKind))
@Check('notification_one_subject', `("placement_id" IS NULL) <> ("link_round_id" IS NULL)`)
@Unique(['watchId', 'eventId'])
@Index(['userId', 'organisationId', 'id'])
export class NotificationEntity {
  /** Increasing: clients resume after the last id they saw. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  user: UserEntity;

  /** The organisation the user acted for when they made the watch: shown only while acting for it again. */
  @Column('uuid')
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation: OrganisationEntity;

  @Column('uuid', { nullable: true })
  watchId: string | null;

  @ManyToOne(() => WatchEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  watch: WatchEntity | null;

  /** The notification_event it came from. */
  @Column('bigint')
  eventId: string;

  @Column('text')
  kind: NotificationKind;

  /** Null for an employer-link round's notification (it is about the round). */
  @Column('uuid', { nullable: true })
  placementId: string | null;

  @ManyToOne(() => PlacementEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  placement: PlacementEntity | null;

  @Column('uuid', { nullable: true })
  employerId: string | null;

  /** LINK_ROUND_STARTED, LINK_ROUND_REPORT_READY: the round. */
  @Column('uuid', { nullable: true })
  linkRoundId: string | null;

  @ManyToOne(() => EmployerLinkRoundEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  linkRound: EmployerLinkRoundEntity | null;

  /** HOLD_EXPIRING, OUTCOME_DUE: the coach's own internship. Not a foreign key: internships are school-private rows. */
  @Column('uuid', { nullable: true })
  internshipId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  readAt: Date | null;
}

/**
 * A notification, or a batch of changes from the change feed, on its way to a webhook; retried with
 * backoff until delivered (a notification's is given up after MAX_ATTEMPTS; a batch of changes never,
 * while the webhook exists).
 */
@Entity()
@Check('webhook_delivery_one_subject', `("notification_id" IS NULL) <> ("changes" IS NULL)`)
@Index(['nextAttemptAt'], { where: '"delivered_at" IS NULL AND "failed_at" IS NULL' })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  webhookId: string;

  @ManyToOne(() => WebhookEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  webhook: WebhookEntity;

  @Column('bigint', { nullable: true })
  notificationId: string | null;

  @ManyToOne(() => NotificationEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  notification: NotificationEntity | null;

  /** A batch of changes (the feed's items, endCursor, hasNextPage), or a request to resync. */
  @Column('jsonb', { nullable: true })
  changes: Record<string, unknown> | null;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('timestamptz', { default: () => 'now()' })
  nextAttemptAt: Date;

  @Column('timestamptz', { nullable: true })
  leaseUntil: Date | null;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;

  @Column('timestamptz', { nullable: true })
  failedAt: Date | null;

  @Column('text', { nullable: true })
  lastError: string | null;
}
