import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { MembershipRole } from '@stagebank/domain';
import { CHANGE_CHANNEL } from '@stagebank/persistence';
import { EntityManager } from 'typeorm';
import { ChangeStream } from '../changes/change-stream';
import { DatabaseListener } from '../changes/database-listener';
import { APP_CONFIG } from '../common/config.provider';
import { JobHandle, JobRunner } from '../jobs/job-runner';
import { NotificationRepository } from './notification.repository';
import { WebhookSender } from './webhook-sender';

const BATCH = 200;
/** Who hears of an employer-link round nobody in particular started: those who may start one and read its report. */
const ROUND_ROLES = [MembershipRole.COORDINATOR, MembershipRole.SCHOOL_ADMIN, MembershipRole.NETWORK_ADMIN];

/**
 * Turns notification events (read from the change stream, or made by the seat-calendar, internship-holds and employer-link-rounds jobs) into notifications
 * for the watches they match, and webhook deliveries for watches with a webhook; all in one
 * transaction per batch, claimed with SKIP LOCKED so several replicas share the work and no event
 * is handled twice. NOTIFY tells every replica's feed that notifications arrived.
 */
@Injectable()
export class NotificationDispatcher {
  /** The job `notifications` (shared: replicas split the events). */
  readonly job: JobHandle;
  /** Called with the number of notifications made, after they are committed. */
  onNotified: (count: number) => void = () => {};

  constructor(
    private readonly repository: NotificationRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly changes: ChangeStream,
    jobs: JobRunner,
    listener: DatabaseListener,
    private readonly sender: WebhookSender,
  ) {
    this.job = jobs.register({ name: 'notifications', kind: 'shared', everyMs: config.notifications.pollMs, run: () => this.dispatch() });
    // A committed change (by any replica, on PostgreSQL) is work now rather than at the next poll.
    listener.follow(CHANGE_CHANNEL, () => this.job.wake());
  }

  /** One batch of events (the latest changes, and what the seat-calendar and internship-holds jobs made); returns how many were handled. */
  async dispatch(): Promise<number> {
    await this.changes.consume('notifications', (tx: EntityManager, since: string) => new NotificationRepository(tx).insertEventsFromChanges(since));
    const { events, notifications } = await this.repository.dispatchEvents(BATCH, ROUND_ROLES);
    if (notifications > 0) {
      this.sender.job.wake();
      this.onNotified(notifications);
    }
    return events;
  }
}
