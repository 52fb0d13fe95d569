import { Module } from '@nestjs/common';
import { NotificationDispatcher } from './notification-dispatcher';
import { NotificationFeed } from './notification-feed';
import { SeatCalendar } from './seat-calendar';
import { NotificationResolver, NotificationSubjectResolver } from './notification.resolver';
import { WatchService } from './watch.service';
import { WebhookSender } from './webhook-sender';

const resolvers = [NotificationResolver, NotificationSubjectResolver];

/**
 * Turning changes into notifications and webhook deliveries (jobs: notifications, seat-calendar, webhooks). The
 * worker runs this module alone; the API adds NotificationsApiModule for watches and the live feed.
 */
@Module({
  providers: [NotificationDispatcher, SeatCalendar, WebhookSender],
  exports: [NotificationDispatcher],
})
export class NotificationsModule {}

/** Watches, the bell and the live feed of this process's subscribers. */
@Module({
  imports: [NotificationsModule],
  providers: [WatchService, NotificationFeed, ...resolvers],
})
export class NotificationsApiModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
