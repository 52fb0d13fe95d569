import { Injectable } from '@nestjs/common';
import { NotificationEntity, WebhookEntity } from '@stagebank/persistence';
import { DeepPartial, In, IsNull } from 'typeorm';
import { AreaRepository } from '../common/repository';

/** A delivery claimed for sending. */
export interface ClaimedDelivery {
  id: string;
  webhook_id: string;
  notification_id: string | null;
  changes: unknown;
  attempts: number;
}

/** A webhook that follows the change feed and has no batch on its way. */
export interface ChangeFollower {
  id: string;
  change_kinds: string[];
  change_cursor: string;
}

/**
 * Webhooks' SQL: an organisation's webhooks, the change feed's cursor of those that follow it, and
 * deliveries (a notification's, or a batch of changes) with their leases and retries.
 */
@Injectable()
export class WebhookRepository extends AreaRepository {
  /** Whether the organisation has that webhook (not removed). */
  ownWebhookExists(id: string, organisationId: string): Promise<boolean> {
    return this.manager.getRepository(WebhookEntity).existsBy({ id, organisationId, removedAt: IsNull() });
  }

  /** The organisation's webhook (not removed), or null. */
  findOwnWebhook(id: string, organisationId: string): Promise<WebhookEntity | null> {
    return this.manager.getRepository(WebhookEntity).findOneBy({ id, organisationId, removedAt: IsNull() });
  }

  insertWebhook(values: DeepPartial<WebhookEntity>): Promise<WebhookEntity> {
    const repository = this.manager.getRepository(WebhookEntity);
    return repository.save(repository.create(values));
  }

  saveWebhook(webhook: WebhookEntity): Promise<WebhookEntity> {
    return this.manager.getRepository(WebhookEntity).save(webhook);
  }

  /** Marks the organisation's webhook removed at `at`; false when it has no such webhook (or it was removed). */
  async removeWebhook(id: string, organisationId: string, at: Date): Promise<boolean> {
    const { affected } = await this.manager.getRepository(WebhookEntity).update({ id, organisationId, removedAt: IsNull() }, { removedAt: at });
    return !!affected;
  }

  /** The organisation's webhooks (not removed), oldest first. */
  webhooksOf(organisationId: string): Promise<WebhookEntity[]> {
    return this.manager.getRepository(WebhookEntity).find({ where: { organisationId, removedAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  /** The webhook's batch of changes still waiting goes out now (its backoff and lease cleared). */
  async retryChangesNow(webhookId: string): Promise<void> {
    await this.manager.query(
      `UPDATE webhook_delivery SET next_attempt_at = now(), lease_until = NULL WHERE webhook_id = $1 AND changes IS NOT NULL AND delivered_at IS NULL AND failed_at IS NULL`,
      [webhookId],
    );
  }

  /**
   * Up to `limit` webhooks that follow the change feed and have no batch on its way, locked for
   * this transaction (SKIP LOCKED: another replica takes others). Run it in a transaction.
   */
  claimChangeFollowers(limit: number): Promise<ChangeFollower[]> {
    return this.manager.query(
      `SELECT h.id, h.change_kinds, h.change_cursor FROM webhook h
            WHERE h.removed_at IS NULL AND cardinality(h.change_kinds) > 0 AND h.change_cursor IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM webhook_delivery d
                               WHERE d.webhook_id = h.id AND d.changes IS NOT NULL AND d.delivered_at IS NULL AND d.failed_at IS NULL)
            ORDER BY h.id LIMIT $1 FOR UPDATE OF h SKIP LOCKED`,
      [limit],
    );
  }

  /** Moves the webhook's change feed cursor to `cursor`. */
  async moveChangeCursor(webhookId: string, cursor: string): Promise<void> {
    await this.manager.query(`UPDATE webhook SET change_cursor = $2 WHERE id = $1`, [webhookId, cursor]);
  }

  /** A delivery of a batch of changes to the webhook. */
  async insertChangeBatch(webhookId: string, changes: Record<string, unknown>): Promise<void> {
    await this.manager.query(`INSERT INTO webhook_delivery (webhook_id, changes) VALUES ($1, $2)`, [webhookId, JSON.stringify(changes)]);
  }

  /**
   * Leases up to `limit` due deliveries for `leaseSeconds` and counts the attempt (SKIP LOCKED, so
   * replicas share them; a dead replica's lease runs out).
   */
  claimDueDeliveries(limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    return this.manager.query(
      `WITH claimed AS (
         UPDATE webhook_delivery d SET lease_until = now() + make_interval(secs => $2), attempts = attempts + 1
          WHERE d.id IN (SELECT id FROM webhook_delivery
                          WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
                          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING d.id, d.webhook_id, d.notification_id::text AS notification_id, d.changes, d.attempts)
       SELECT * FROM claimed`,
      [limit, leaseSeconds],
    );
  }

  webhooksByIds(ids: string[]): Promise<WebhookEntity[]> {
    return this.manager.getRepository(WebhookEntity).findBy({ id: In(ids) });
  }

  notificationsByIds(ids: string[]): Promise<NotificationEntity[]> {
    return this.manager.getRepository(NotificationEntity).findBy({ id: In(ids) });
  }

  async markDelivered(deliveryId: string): Promise<void> {
    await this.manager.query(`UPDATE webhook_delivery SET delivered_at = now(), lease_until = NULL, last_error = NULL WHERE id = $1`, [deliveryId]);
  }

  /** Gives up on the delivery, saying why. */
  async markFailed(deliveryId: string, error: string): Promise<void> {
    await this.manager.query(`UPDATE webhook_delivery SET failed_at = now(), lease_until = NULL, last_error = $2 WHERE id = $1`, [deliveryId, error]);
  }

  /** Tries the delivery again in `seconds`, saying what went wrong. */
  async retryLater(deliveryId: string, seconds: number, error: string): Promise<void> {
    await this.manager.query(
      // Unless it was told meanwhile to try again now (its lease cleared: setWebhookChanges).
      `UPDATE webhook_delivery SET next_attempt_at = now() + make_interval(secs => $2), lease_until = NULL, last_error = $3 WHERE id = $1 AND lease_until IS NOT NULL`,
      [deliveryId, seconds, error],
    );
  }
}
