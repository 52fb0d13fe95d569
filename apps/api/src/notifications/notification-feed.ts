import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { EventEmitter } from 'node:events';
import { DatabaseListener } from '../changes/database-listener';
import type { Viewer } from '../auth/viewer';
import { APP_CONFIG } from '../common/config.provider';
import { NotificationDispatcher } from './notification-dispatcher';
import { NotificationRepository } from './notification.repository';
import { Notification } from './notification.types';
import { toNotification } from './watch.service';
import { JobHandle, JobRunner } from '../jobs/job-runner';

/**
 * This replica's view of new notifications, for its GraphQL subscribers: it tails the
 * notification table (after the last id it has seen) and emits each notification under its user and
 * organisation. On PostgreSQL the process's LISTEN connection (DatabaseListener) tells it at once of a
 * notification made by any replica; the poll is the
 * safety net, and all there is on the embedded database.
 */
@Injectable()
export class NotificationFeed implements OnApplicationBootstrap {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  /** The job `notification-feed`: local, since every API process tails for its own subscribers. */
  private readonly job: JobHandle;
  private lastId: string | null = null;

  constructor(
    private readonly repository: NotificationRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    listener: DatabaseListener,
    dispatcher: NotificationDispatcher,
    jobs: JobRunner,
  ) {
    this.job = jobs.register({ name: 'notification-feed', kind: 'local', everyMs: config.notifications.pollMs, run: () => this.tail() });
    dispatcher.onNotified = () => this.job.wake();
    // A notification made by any replica arrives at once.
    listener.follow('stagebank_notification', () => this.job.wake());
  }

  async onApplicationBootstrap(): Promise<void> {
    this.lastId = await this.repository.lastNotificationId();
  }

  /** Calls `listener` with every new notification of this user for this organisation, until the returned function is called. */
  subscribe(viewer: Pick<Viewer, 'userId' | 'organisationId'>, listener: (notification: Notification) => void): () => void {
    const key = `${viewer.userId}:${viewer.organisationId}`;
    this.emitter.on(key, listener);
    return () => this.emitter.off(key, listener);
  }

  private async tail(): Promise<number> {
    if (this.lastId === null) return 0;
    const rows = await this.repository.notificationsAfter(this.lastId);
    for (const row of rows) {
      this.lastId = String(row.id);
      this.emitter.emit(`${row.userId}:${row.organisationId}`, toNotification(row));
    }
    return rows.length;
  }
}
