import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { NotificationEntity, WatchEntity, WatchKind, WebhookEntity } from '@stagebank/persistence';
import { randomBytes } from 'node:crypto';
import { policy } from '../auth/policy';
import type { ChangeKind } from '../changes/change-feed';
import { Viewer } from '../auth/viewer';
import { fromPoint, toPoint } from '../common/geo.types';
import { StagebankError } from '../common/stagebank.error';
import { APP_CONFIG } from '../common/config.provider';
import { NotificationRepository } from './notification.repository';
import { CreatedWebhook, Notification, NotificationsArgs, Watch, WatchInput, Webhook, WebhookInput } from './notification.types';
import { WebhookRepository } from './webhook.repository';

export const toWatch = (w: WatchEntity): Watch => ({
  id: w.id,
  kind: w.kind,
  placementId: w.placementId,
  employerId: w.employerId,
  webhookId: w.webhookId,
  createdAt: w.createdAt,
  search:
    w.kind === WatchKind.SEARCH
      ? {
          query: w.query,
          sector: w.sector,
          placementType: w.placementType,
          audience: w.audience,
          near: w.near && fromPoint(w.near),
          radiusKm: w.radiusMeters && w.radiusMeters / 1000,
        }
      : null,
});

export const toNotification = (n: NotificationEntity): Notification => ({
  id: String(n.id),
  kind: n.kind,
  placementId: n.placementId,
  employerId: n.employerId,
  linkRoundId: n.linkRoundId,
  watchId: n.watchId,
  internshipId: n.internshipId,
  createdAt: n.createdAt,
  readAt: n.readAt,
});

export const toWebhook = (w: WebhookEntity): Webhook => ({
  id: w.id,
  url: w.url,
  description: w.description,
  createdAt: w.createdAt,
  changeKinds: w.changeKinds as ChangeKind[],
  changeCursor: w.changeKinds.length > 0 ? w.changeCursor : null,
});

/** Watches, webhooks and the notifications a user has: each user's own, never anyone else's. */
@Injectable()
export class WatchService {
  constructor(
    private readonly repository: NotificationRepository,
    private readonly webhookRepository: WebhookRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async watch(viewer: Viewer, input: WatchInput): Promise<Watch> {
    const given = [input.placementId, input.employerId, input.search].filter((x) => x !== undefined && x !== null);
    if (given.length !== 1) throw StagebankError.badInput('input', 'give exactly one of placementId, employerId or search');
    if (input.search && !Object.values(input.search).some((v) => v !== undefined && v !== null)) {
      throw StagebankError.badInput('input.search', 'a saved search needs at least one criterion');
    }
    if (input.placementId && !(await this.repository.placementExists(input.placementId))) {
      throw StagebankError.notFound('Placement', input.placementId, 'input.placementId');
    }
    if (input.employerId && !(await this.repository.employerExists(input.employerId))) {
      throw StagebankError.notFound('Employer', input.employerId, 'input.employerId');
    }
    if (input.webhookId && !(await this.webhookRepository.ownWebhookExists(input.webhookId, viewer.organisationId))) {
      throw StagebankError.notFound('Webhook', input.webhookId, 'input.webhookId');
    }
    const search = input.search;
    const kind = input.placementId ? WatchKind.PLACEMENT : input.employerId ? WatchKind.EMPLOYER : WatchKind.SEARCH;
    return toWatch(
      await this.repository.insertWatch({
        userId: viewer.userId,
        organisationId: viewer.organisationId,
        kind,
        placementId: input.placementId ?? null,
        employerId: input.employerId ?? null,
        webhookId: input.webhookId ?? null,
        query: search?.query?.trim() || null,
        sector: search?.sector ?? null,
        placementType: search?.placementType ?? null,
        audience: search?.audience ?? null,
        near: search?.near ? toPoint(search.near) : null,
        radiusMeters: search?.near ? Math.round(search.near.radiusKm * 1000) : null,
      }),
    );
  }

  async unwatch(viewer: Viewer, id: string): Promise<boolean> {
    if (!(await this.repository.deleteWatch(id, viewer))) throw StagebankError.notFound('Watch', id);
    return true;
  }

  async watches(viewer: Viewer): Promise<Watch[]> {
    return (await this.repository.watchesOf(viewer)).map(toWatch);
  }

  async notifications(viewer: Viewer, { unreadOnly, first }: NotificationsArgs): Promise<Notification[]> {
    return (await this.repository.notificationsOf(viewer, unreadOnly, first)).map(toNotification);
  }

  /** The viewer's notifications (as that user, for that organisation) after `afterId`, oldest first: what a reconnecting client missed. */
  async missed(viewer: Viewer, afterId: string): Promise<Notification[]> {
    return (await this.repository.notificationsOfAfter(viewer, afterId)).map(toNotification);
  }

  async markRead(viewer: Viewer, ids: string[]): Promise<number> {
    if (ids.some((id) => !/^\d{1,18}$/.test(id))) throw StagebankError.badInput('ids', 'notification ids are numbers');
    return this.repository.markRead(viewer, ids, new Date());
  }

  async createWebhook(viewer: Viewer, input: WebhookInput): Promise<CreatedWebhook> {
    policy.assertCanManageOrganisation(viewer, viewer.organisationId);
    if (this.config.env === 'production' && !input.url.startsWith('https://')) throw StagebankError.badInput('input.url', 'must be an https:// URL');
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const webhook = await this.webhookRepository.insertWebhook({
      organisationId: viewer.organisationId,
      url: input.url,
      description: input.description?.trim() || null,
      secret,
      createdByUserId: viewer.userId,
    });
    return { webhook: toWebhook(webhook), secret };
  }

  async removeWebhook(viewer: Viewer, id: string): Promise<boolean> {
    policy.assertCanManageOrganisation(viewer, viewer.organisationId);
    if (!(await this.webhookRepository.removeWebhook(id, viewer.organisationId, new Date()))) throw StagebankError.notFound('Webhook', id);
    return true;
  }

  async webhooks(viewer: Viewer): Promise<Webhook[]> {
    return (await this.webhookRepository.webhooksOf(viewer.organisationId)).map(toWebhook);
  }
}
