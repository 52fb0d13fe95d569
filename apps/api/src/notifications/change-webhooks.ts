import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { CHANGE_CHANNEL } from '@stagebank/persistence';
import { policy } from '../auth/policy';
import { asSystem } from '../auth/request-context';
import { Viewer } from '../auth/viewer';
import { ChangeFeed, ChangeKind } from '../changes/change-feed';
import { DatabaseListener } from '../changes/database-listener';
import { APP_CONFIG } from '../common/config.provider';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { JobHandle, JobRunner } from '../jobs/job-runner';
import type { WebhookChangesInput } from './change-feed.types';
import type { Webhook } from './notification.types';
import { toWebhook } from './watch.service';
import { WebhookRepository } from './webhook.repository';
import { WebhookSender } from './webhook-sender';

/** Changes per delivery. */
export const CHANGE_BATCH = 100;
/** Webhooks handled per run. */
const WEBHOOKS_PER_RUN = 20;
/** How often a webhook with nothing to send has its cursor moved on anyway (so a quiet kind's cursor never expires). */
const IDLE_ADVANCE_MS = 10 * 60_000;

/**
 * Feeds the change feed to webhooks that follow it (job `change-webhooks`, shared). A webhook's
 * cursor and the delivery of its next batch are written in one transaction, and a webhook gets its
 * next batch only once the last one was delivered: in order, none lost, at least once (a batch is
 * resent after a failure with the same deliveryId). The `webhooks` job sends the batches, signed
 * like every delivery, and keeps retrying them (capped at an hour) for as long as the webhook exists.
 */
@Injectable()
export class ChangeWebhooks {
  readonly job: JobHandle;
  private readonly idleAdvanced = new Map<string, number>();

  constructor(
    private readonly repository: WebhookRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly feed: ChangeFeed,
    jobs: JobRunner,
    listener: DatabaseListener,
    private readonly sender: WebhookSender,
  ) {
    this.job = jobs.register({ name: 'change-webhooks', kind: 'shared', everyMs: config.notifications.pollMs, run: () => this.run() });
    listener.follow(CHANGE_CHANNEL, () => this.job.wake());
    // A delivered batch frees its webhook for the next one.
    sender.onChangesDelivered = () => this.job.wake();
  }

  async subscribe(viewer: Viewer, input: WebhookChangesInput): Promise<Webhook> {
    policy.assertCanManageOrganisation(viewer, viewer.organisationId);
    const webhook = await this.repository.findOwnWebhook(input.webhookId, viewer.organisationId);
    if (!webhook) throw StagebankError.notFound('Webhook', input.webhookId, 'input.webhookId');
    if (input.after) {
      await asSystem(() => this.feed.check(input.after!, 'input.after'));
      webhook.changeCursor = input.after;
    } else if (!webhook.changeCursor || webhook.changeKinds.length === 0) {
      webhook.changeCursor = await asSystem(() => this.feed.head());
    }
    webhook.changeKinds = input.kinds;
    await this.repository.saveWebhook(webhook);
    // A batch waiting for a receiver that was down goes out now (an attempt under way that fails does not put it back to wait: see WebhookSender).
    await this.repository.retryChangesNow(webhook.id);
    this.job.wake();
    this.sender.job.wake();
    return toWebhook(webhook);
  }

  /** Makes the next batch for webhooks that have none on its way; returns how many were made. */
  async run(): Promise<number> {
    const made = await asSystem(() =>
      this.repository.transaction(async (tx) => {
        const hooks = await tx.claimChangeFollowers(WEBHOOKS_PER_RUN);
        let count = 0;
        for (const hook of hooks) count += await this.next(tx, hook.id, hook.change_kinds as ChangeKind[], hook.change_cursor);
        return count;
      }),
    );
    if (made > 0) this.sender.job.wake();
    return made;
  }

  private async next(tx: WebhookRepository, webhookId: string, kinds: ChangeKind[], cursor: string): Promise<number> {
    let changes: Record<string, unknown>;
    let endCursor: string;
    try {
      let page = await this.feed.page(cursor, kinds, CHANGE_BATCH, tx);
      // A page may hold none of these kinds yet not be the end (a page reads a bounded stretch of the log): read on.
      for (let more = 0; page.items.length === 0 && page.hasNextPage && more < 50; more++) page = await this.feed.page(page.endCursor, kinds, CHANGE_BATCH, tx);
      endCursor = page.endCursor;
      if (page.items.length === 0 && page.hasNextPage) {
        await tx.moveChangeCursor(webhookId, endCursor);
        return 1;
      }
      if (page.items.length === 0) {
        if (endCursor !== cursor && Date.now() - (this.idleAdvanced.get(webhookId) ?? 0) > IDLE_ADVANCE_MS) {
          this.idleAdvanced.set(webhookId, Date.now());
          await tx.moveChangeCursor(webhookId, endCursor);
        }
        return 0;
      }
      changes = { items: page.items, endCursor, hasNextPage: page.hasNextPage };
    } catch (error) {
      if (!(error instanceof StagebankError && error.code === ErrorCode.CHANGES_CURSOR_EXPIRED)) throw error;
      // Changes after the cursor are gone: tell the receiver to resync, and go on from now.
      endCursor = await this.feed.head(tx);
      changes = { resyncRequired: true, endCursor };
    }
    await tx.insertChangeBatch(webhookId, changes);
    await tx.moveChangeCursor(webhookId, endCursor);
    return 1;
  }
}
