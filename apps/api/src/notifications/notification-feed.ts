import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { CHANGE_CHANNEL, NotificationEntity } from '@stagebank/persistence';
import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { DataSource, MoreThan } from 'typeorm';
import type { DatabaseTarget } from '../app.module';
import { APP_CONFIG, DATABASE_TARGET } from '../config.provider';
import { NotificationDispatcher } from './notification-dispatcher';
import { Notification } from './notification.types';
import { toNotification } from './watch.service';
import { WebhookSender } from './webhook-sender';
import { PollingLoop } from './polling-loop';

/**
 * This replica's view of new notifications, for its GraphQL subscribers: it tails the
 * notification table (after the last id it has seen) and emits each notification under its user's
 * id. On PostgreSQL a dedicated connection LISTENs, so a notification made by any replica arrives
 * at once and changes wake the dispatcher; the poll is the safety net. The embedded database serves
 * one session, so there it polls only.
 */
@Injectable()
export class NotificationFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('NotificationFeed');
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly loop: PollingLoop;
  private lastId: string | null = null;
  private listener: Client | null = null;
  private closing = false;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DATABASE_TARGET) private readonly database: DatabaseTarget,
    private readonly dispatcher: NotificationDispatcher,
    private readonly sender: WebhookSender,
  ) {
    this.loop = new PollingLoop('NotificationFeed', config.notifications.pollMs, () => this.tail());
    this.dispatcher.onNotified = () => {
      this.loop.wake();
      this.sender.loop.wake();
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const [{ max }] = await this.db.query(`SELECT coalesce(max(id), 0)::text AS max FROM notification`);
    this.lastId = max;
    this.loop.start();
    if (!this.database.singleConnection) await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.loop.stop();
    await this.listener?.end().catch(() => undefined);
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

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.database.url });
    client.on('notification', (message) => {
      if (message.channel === CHANGE_CHANNEL) this.dispatcher.loop.wake();
      if (message.channel === 'stagebank_notification') {
        this.loop.wake();
        this.sender.loop.wake();
      }
    });
    client.on('error', (error) => {
      this.logger.warn(`LISTEN connection lost (${error.message}); polling until it is back`);
      this.listener = null;
      client.end().catch(() => undefined);
      if (!this.closing) setTimeout(() => void this.listen(), 1000);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      await client.query('LISTEN stagebank_notification');
      this.listener = client;
      // Anything that happened while not listening.
      this.dispatcher.loop.wake();
      this.loop.wake();
    } catch (error) {
      this.logger.warn(`cannot LISTEN (${(error as Error).message}); polling`);
      await client.end().catch(() => undefined);
      if (!this.closing) setTimeout(() => void this.listen(), 1000);
    }
  }
}
