import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { WebhookEntity } from '@stagebank/persistence';
import { createHmac } from 'node:crypto';
import { APP_CONFIG } from '../common/config.provider';
import { DatabaseListener } from '../changes/database-listener';
import { JobHandle, JobRunner } from '../jobs/job-runner';
import { toNotification } from './watch.service';
import { WebhookRepository } from './webhook.repository';

const BATCH = 20;
const LEASE_SECONDS = 60;
/**
 * About a day of retries, so a receiver down overnight still gets its notifications: the waits
 * double from 1 s to the hour's cap, then stay hourly; 36 attempts span about 24 hours.
 */
export const MAX_ATTEMPTS = 36;
const backoffSeconds = (attempts: number) => Math.min(2 ** (attempts - 1), 3600);

/** The signature a receiver checks: HMAC-SHA256 of "<timestamp>.<body>" with the webhook's secret, hex. */
export const signWebhook = (secret: string, timestamp: number, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/**
 * Delivers notifications and batches of changes (change-webhooks.ts) to webhooks: claims due
 * deliveries with a lease (SKIP LOCKED, so replicas share them and a dead replica's lease runs
 * out), POSTs signed JSON, and on failure backs off exponentially; after MAX_ATTEMPTS it gives up
 * on a notification and records why (a batch of changes it keeps retrying, hourly, while the webhook
 * exists: the changes after it wait for it). Deliveries are rows, so a restart loses none; a
 * receiver may see one twice (at-least-once) and should deduplicate on deliveryId.
 */
@Injectable()
export class WebhookSender {
  /** The job `webhooks` (shared: replicas split the deliveries). */
  readonly job: JobHandle;
  /** Called after a batch of changes was delivered (its webhook may have the next one). */
  onChangesDelivered: () => void = () => {};

  constructor(
    private readonly repository: WebhookRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    jobs: JobRunner,
    listener: DatabaseListener,
  ) {
    this.job = jobs.register({ name: 'webhooks', kind: 'shared', everyMs: config.notifications.pollMs, run: () => this.deliverDue() });
    // Notifications made by any replica (its NOTIFY) may have deliveries for this process to send.
    listener.follow('stagebank_notification', () => this.job.wake());
  }

  async deliverDue(): Promise<number> {
    const claimed = await this.repository.claimDueDeliveries(BATCH, LEASE_SECONDS);
    if (claimed.length === 0) return 0;
    const webhooks = new Map((await this.repository.webhooksByIds(claimed.map((c) => c.webhook_id))).map((w) => [w.id, w]));
    const notificationIds = claimed.flatMap((c) => (c.notification_id === null ? [] : [c.notification_id]));
    const notifications = new Map((notificationIds.length > 0 ? await this.repository.notificationsByIds(notificationIds) : []).map((n) => [String(n.id), n]));
    let changesDelivered = false;
    await Promise.all(
      claimed.map(async (delivery) => {
        const webhook = webhooks.get(delivery.webhook_id)!;
        const subject =
          delivery.notification_id === null ? { changes: delivery.changes } : { notification: toNotification(notifications.get(delivery.notification_id)!) };
        const error = webhook.removedAt ? 'webhook removed' : await this.post(webhook, delivery.id, subject);
        if (error === null) {
          await this.repository.markDelivered(delivery.id);
          if (delivery.notification_id === null) changesDelivered = true;
        } else if ((delivery.attempts >= MAX_ATTEMPTS && delivery.notification_id !== null) || webhook.removedAt) {
          await this.repository.markFailed(delivery.id, error);
        } else {
          await this.repository.retryLater(delivery.id, backoffSeconds(delivery.attempts), error);
        }
      }),
    );
    if (changesDelivered) this.onChangesDelivered();
    return claimed.length;
  }

  /** null when the receiver answered 2xx; else what went wrong. */
  private async post(webhook: WebhookEntity, deliveryId: string, subject: { notification: unknown } | { changes: unknown }): Promise<string | null> {
    const body = JSON.stringify({ deliveryId, ...subject });
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'stagebank-webhook/1',
          'x-stagebank-delivery': deliveryId,
          'x-stagebank-timestamp': String(timestamp),
          'x-stagebank-signature': signWebhook(webhook.secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      await response.body?.cancel();
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      return (error as Error).message;
    }
  }
}
