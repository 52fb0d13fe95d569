import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { IdArg } from '../common/id-arg';
import { Loaders } from '../graphql/loaders';
import { toEmployer } from '../employers/employer.mapper';
import { Employer } from '../employers/employer.types';
import { toPlacement } from '../placements/placement.mapper';
import { Placement } from '../placements/placement.types';
import { StagebankError } from '../common/stagebank.error';
import { NotificationFeed } from './notification-feed';
import { CreatedWebhook, Notification, NotificationsArgs, Watch, WatchInput, Webhook, WebhookInput } from './notification.types';
import { WatchService } from './watch.service';

/** "Notify me": watches, the notifications they bring (query and live subscription), and webhooks. */
@Resolver()
export class NotificationResolver {
  constructor(
    private readonly watches: WatchService,
    private readonly feed: NotificationFeed,
  ) {}

  @Mutation(() => Watch, {
    description:
      'Notify me about a placement (seat freed), an employer (seat freed, new placement) or a saved search (matching placement added or seat freed).',
  })
  watch(@CurrentViewer() viewer: Viewer, @Args('input') input: WatchInput): Promise<Watch> {
    return this.watches.watch(viewer, input);
  }

  @Mutation(() => Boolean)
  unwatch(@CurrentViewer() viewer: Viewer, @IdArg() id: string): Promise<boolean> {
    return this.watches.unwatch(viewer, id);
  }

  @Query(() => [Watch], { description: 'Your watches.' })
  myWatches(@CurrentViewer() viewer: Viewer): Promise<Watch[]> {
    return this.watches.watches(viewer);
  }

  @Query(() => [Notification], { description: 'Your notifications, newest first.' })
  notifications(@CurrentViewer() viewer: Viewer, @Args() args: NotificationsArgs): Promise<Notification[]> {
    return this.watches.notifications(viewer, args);
  }

  @Mutation(() => Int, { description: 'Marks your notifications read; returns how many changed.' })
  markNotificationsRead(@CurrentViewer() viewer: Viewer, @Args('ids', { type: () => [ID] }) ids: string[]): Promise<number> {
    return this.watches.markRead(viewer, ids);
  }

  @Subscription(() => Notification, {
    description:
      'Your notifications as they happen (graphql-ws). With `afterId` (the last one you saw), those you missed come first, so nothing is lost across reconnects and restarts.',
    resolve: (notification: Notification) => notification,
  })
  notificationAdded(@CurrentViewer() viewer: Viewer, @Args('afterId', { type: () => ID, nullable: true }) afterId?: string): AsyncGenerator<Notification> {
    if (afterId !== undefined && afterId !== null && !/^\d{1,18}$/.test(afterId)) throw StagebankError.badInput('afterId', 'must be a notification id');
    return this.stream(viewer, afterId ?? null);
  }

  @Mutation(() => CreatedWebhook, { description: "Admins: an endpoint for your organisation's watches; the secret is shown once." })
  createWebhook(@CurrentViewer() viewer: Viewer, @Args('input') input: WebhookInput): Promise<CreatedWebhook> {
    return this.watches.createWebhook(viewer, input);
  }

  @Mutation(() => Boolean)
  removeWebhook(@CurrentViewer() viewer: Viewer, @IdArg() id: string): Promise<boolean> {
    return this.watches.removeWebhook(viewer, id);
  }

  @Query(() => [Webhook], { description: "Your organisation's webhooks." })
  webhooks(@CurrentViewer() viewer: Viewer): Promise<Webhook[]> {
    return this.watches.webhooks(viewer);
  }

  /** Missed notifications after `afterId` first, then live ones, each once and in order. */
  private async *stream(viewer: Viewer, afterId: string | null): AsyncGenerator<Notification> {
    const queue: Notification[] = [];
    let arrived: (() => void) | null = null;
    const unsubscribe = this.feed.subscribe(viewer, (notification) => {
      queue.push(notification);
      arrived?.();
    });
    try {
      let last = BigInt(afterId ?? 0);
      if (afterId !== null) {
        for (const notification of await this.watches.missed(viewer, afterId)) {
          last = BigInt(notification.id);
          yield notification;
        }
      }
      for (;;) {
        const next = queue.shift();
        if (!next) {
          await new Promise<void>((resolve) => (arrived = resolve));
          arrived = null;
        } else if (BigInt(next.id) > last) {
          last = BigInt(next.id);
          yield next;
        }
      }
    } finally {
      unsubscribe();
    }
  }
}

/** What a notification is about, so a bell or another tool can name it without a second query. */
@Resolver(() => Notification)
export class NotificationSubjectResolver {
  @ResolveField(() => Placement, { nullable: true, description: 'Null once the placement is gone, and for an employer-link round.' })
  async placement(@Parent() notification: Notification, @Context('loaders') loaders: Loaders): Promise<Placement | null> {
    if (!notification.placementId) return null;
    const placement = await loaders.placement.load(notification.placementId);
    return placement && toPlacement(placement);
  }

  @ResolveField(() => Employer, { nullable: true, description: 'Null once the employer is gone, and for an employer-link round.' })
  async employer(@Parent() notification: Notification, @Context('loaders') loaders: Loaders): Promise<Employer | null> {
    if (!notification.employerId) return null;
    const employer = await loaders.employer.load(notification.employerId);
    return employer && toEmployer(employer);
  }
}
