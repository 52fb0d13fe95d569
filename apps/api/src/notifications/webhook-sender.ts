import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { NotificationEntity, WebhookEntity } from '@stagebank/persistence';
import { createHmac } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG } from '../common/config.provider';
import { DatabaseListener } from '../changes/database-listener';
import { JobHandle, JobRunner } from '../jobs/job-runner';
import { toNotification } from './watch.service';

const BATCH = 20;
const LEASE_SECONDS = 60;
/** About a day of retries: 1 s, 2 s, 4 s … capped at an hour. */
export const MAX_ATTEMPTS = 15;
const backoffSeconds = (attempts: number) => Math.min(2 ** (attempts - 1), 3600);

/** The signature a receiver checks: HMAC-SHA256 of "<timestamp>.<body>" with the webhook's secret, hex. */
export const signWebhook = (secret: string, timestamp: number, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/**
 * Delivers notifications to webhooks: claims due deliveries with a lease (SKIP LOCKED, so replicas
 * share them and a dead replica's lease runs out), POSTs signed JSON, and on failure backs off
 * exponentially; after MAX_ATTEMPTS it gives up and records why. Deliveries are rows, so a restart
 * loses none; a receiver may see one twice (at-least-once) and should deduplicate on deliveryId.
 */
@Injectable()
export class WebhookSender {
  /** The job `webhooks` (shared: replicas split the deliveries). */
  readonly job: JobHandle;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    jobs: JobRunner,
    listener: DatabaseListener,
  ) {
    this.job = jobs.register({ name: 'webhooks', kind: 'shared', everyMs: config.notifications.pollMs, run: () => this.deliverDue() });
    // Notifications made by any replica (its NOTIFY) may have deliveries for this process to send.
    listener.follow('stagebank_notification', () => this.job.wake());
  }

  async deliverDue(): Promise<number> {
    const claimed: Array<{ id: string; webhook_id: string; notification_id: string; attempts: number }> = await this.db.query(
      `WITH claimed AS (
         UPDATE webhook_delivery d SET lease_until = now() + make_interval(secs => $2), attempts = attempts + 1
          WHERE d.id IN (SELECT id FROM webhook_delivery
                          WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
                          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING d.id, d.webhook_id, d.notification_id::text AS notification_id, d.attempts)
       SELECT * FROM claimed`,
      [BATCH, LEASE_SECONDS],
    );
    if (claimed.length === 0) return 0;
    const webhooks = new Map((await this.db.getRepository(WebhookEntity).findBy({ id: In(claimed.map((c) => c.webhook_id)) })).map((w) => [w.id, w]));
    const notifications = new Map(
      (await this.db.getRepository(NotificationEntity).findBy({ id: In(claimed.map((c) => c.notification_id)) })).map((n) => [String(n.id), n]),
    );
    await Promise.all(
      claimed.map(async (delivery) => {
        const webhook = webhooks.get(delivery.webhook_id)!;
        const notification = notifications.get(delivery.notification_id)!;
        const error = webhook.removedAt ? 'webhook removed' : await this.post(webhook, delivery.id, toNotification(notification));
        if (error === null) {
          await this.db.query(`UPDATE webhook_delivery SET delivered_at = now(), lease_until = NULL, last_error = NULL WHERE id = $1`, [delivery.id]);
        } else if (delivery.attempts >= MAX_ATTEMPTS || webhook.removedAt) {
          await this.db.query(`UPDATE webhook_delivery SET failed_at = now(), lease_until = NULL, last_error = $2 WHERE id = $1`, [delivery.id, error]);
        } else {
          await this.db.query(
            `UPDATE webhook_delivery SET next_attempt_at = now() + make_interval(secs => $2), lease_until = NULL, last_error = $3 WHERE id = $1`,
            [delivery.id, backoffSeconds(delivery.attempts), error],
          );
        }
      }),
    );
    return claimed.length;
  }

  /** null when the receiver answered 2xx; else what went wrong. */
  private async post(webhook: WebhookEntity, deliveryId: string, notification: ReturnType<typeof toNotification>): Promise<string | null> {
    const body = JSON.stringify({ deliveryId, notification });
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
