import { Module } from '@nestjs/common';
import { ChangeFeedResolver, ChangeSubjectResolver } from './change-feed.resolver';
import { ChangeWebhooks } from './change-webhooks';
import { NotificationDispatcher } from './notification-dispatcher';
import { NotificationFeed } from './notification-feed';
import { NotificationRepository } from './notification.repository';
import { SeatCalendar } from './seat-calendar';
import { NotificationResolver, NotificationSubjectResolver } from './notification.resolver';
import { WatchService } from './watch.service';
import { WebhookRepository } from './webhook.repository';
import { WebhookSender } from './webhook-sender';

const resolvers = [NotificationResolver, NotificationSubjectResolver, ChangeFeedResolver, ChangeSubjectResolver];

/**
 * Turning changes into notifications and webhook deliveries (jobs: notifications, seat-calendar, change-webhooks, webhooks). The
 * worker runs this module alone; the API adds NotificationsApiModule for watches and the live feed.
 */
@Module({
  providers: [NotificationRepository, WebhookRepository, NotificationDispatcher, SeatCalendar, WebhookSender, ChangeWebhooks],
  exports: [NotificationDispatcher, ChangeWebhooks],
})
export class NotificationsModule {}

/** Watches, the bell and the live feed of this process's subscribers. */
@Module({
  imports: [NotificationsModule],
  // The repositories again rather than exported: they stay inside the area (ARCHITECTURE.md, "Where SQL lives").
  providers: [NotificationRepository, WebhookRepository, WatchService, NotificationFeed, ...resolvers],
})
export class NotificationsApiModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
