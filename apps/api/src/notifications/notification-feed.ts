import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { CHANGE_CHANNEL, NotificationEntity } from '@stagebank/persistence';
import { EventEmitter } from 'node:events';
import { DataSource, MoreThan } from 'typeorm';
import { DatabaseListener } from '../changes/database-listener';
import { APP_CONFIG } from '../config.provider';
import { NotificationDispatcher } from './notification-dispatcher';
import { Notification } from './notification.types';
import { toNotification } from './watch.service';
import { WebhookSender } from './webhook-sender';
import { PollingLoop } from './polling-loop';

/**
 * This replica's view of new notifications, for its GraphQL subscribers: it tails the
 * notification table (after the last id it has seen) and emits each notification under its user's
 * id. On PostgreSQL the process's LISTEN connection (DatabaseListener) tells it at once of a
 * notification made by any replica and wakes the dispatcher on a committed change; the poll is the
 * safety net, and all there is on the embedded database.
 */
@Injectable()
export class NotificationFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly loop: PollingLoop;
  private lastId: string | null = null;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    listener: DatabaseListener,
    private readonly dispatcher: NotificationDispatcher,
    private readonly sender: WebhookSender,
  ) {
    this.loop = new PollingLoop('NotificationFeed', config.notifications.pollMs, () => this.tail());
    this.dispatcher.onNotified = () => {
      this.loop.wake();
      this.sender.loop.wake();
    };
    // A notification made by any replica arrives at once; a committed change wakes the dispatcher.
    listener.follow('stagebank_notification', () => {
      this.loop.wake();
      this.sender.loop.wake();
    });
    listener.follow(CHANGE_CHANNEL, () => this.dispatcher.loop.wake());
  }

  async onApplicationBootstrap(): Promise<void> {
    const [{ max }] = await this.db.query(`SELECT coalesce(max(id), 0)::text AS max FROM notification`);
    this.lastId = max;
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Calls `listener` with every new notification of this user, until the returned function is called. */
  subscribe(userId: string, listener: (notification: Notification) => void): () => void {
    this.emitter.on(userId, listener);
    return () => this.emitter.off(userId, listener);
  }

  private async tail(): Promise<number> {
    if (this.lastId === null) return 0;
    const rows = await this.db.getRepository(NotificationEntity).find({ where: { id: MoreThan(this.lastId) }, order: { id: 'ASC' }, take: 1000 });
    for (const row of rows) {
      this.lastId = String(row.id);
      this.emitter.emit(row.userId, toNotification(row));
    }
    return rows.length;
  }
}
