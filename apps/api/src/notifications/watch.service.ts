import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { EmployerEntity, NotificationEntity, PlacementEntity, WatchEntity, WatchKind, WebhookEntity } from '@stagebank/persistence';
import { randomBytes } from 'node:crypto';
import { DataSource, In, IsNull, MoreThan } from 'typeorm';
import { policy } from '../auth/policy';
import { Viewer } from '../auth/viewer';
import { fromPoint, toPoint } from '../common/geo.types';
import { StagebankError } from '../common/stagebank.error';
import { APP_CONFIG } from '../common/config.provider';
import { CreatedWebhook, Notification, NotificationsArgs, Watch, WatchInput, Webhook, WebhookInput } from './notification.types';

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
  watchId: n.watchId,
  internshipId: n.internshipId,
  createdAt: n.createdAt,
  readAt: n.readAt,
});

const toWebhook = (w: WebhookEntity): Webhook => ({ id: w.id, url: w.url, description: w.description, createdAt: w.createdAt });

/** Watches, webhooks and the notifications a user has: each user's own, never anyone else's. */
@Injectable()
export class WatchService {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async watch(viewer: Viewer, input: WatchInput): Promise<Watch> {
    const given = [input.placementId, input.employerId, input.search].filter((x) => x !== undefined && x !== null);
    if (given.length !== 1) throw StagebankError.badInput('input', 'give exactly one of placementId, employerId or search');
    if (input.search && !Object.values(input.search).some((v) => v !== undefined && v !== null)) {
      throw StagebankError.badInput('input.search', 'a saved search needs at least one criterion');
    }
    if (input.placementId && !(await this.db.getRepository(PlacementEntity).existsBy({ id: input.placementId }))) {
      throw StagebankError.notFound('Placement', input.placementId, 'input.placementId');
    }
    if (input.employerId && !(await this.db.getRepository(EmployerEntity).existsBy({ id: input.employerId }))) {
      throw StagebankError.notFound('Employer', input.employerId, 'input.employerId');
    }
    if (
      input.webhookId &&
      !(await this.db.getRepository(WebhookEntity).existsBy({ id: input.webhookId, organisationId: viewer.organisationId, removedAt: IsNull() }))
    ) {
      throw StagebankError.notFound('Webhook', input.webhookId, 'input.webhookId');
    }
    const search = input.search;
    const kind = input.placementId ? WatchKind.PLACEMENT : input.employerId ? WatchKind.EMPLOYER : WatchKind.SEARCH;
    const repository = this.db.getRepository(WatchEntity);
    return toWatch(
      await repository.save(
        repository.create({
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
      ),
    );
  }

  async unwatch(viewer: Viewer, id: string): Promise<boolean> {
    const { affected } = await this.db.getRepository(WatchEntity).delete({ id, userId: viewer.userId, organisationId: viewer.organisationId });
    if (!affected) throw StagebankError.notFound('Watch', id);
    return true;
  }

  async watches(viewer: Viewer): Promise<Watch[]> {
    return (
      await this.db
        .getRepository(WatchEntity)
        .find({ where: { userId: viewer.userId, organisationId: viewer.organisationId }, order: { createdAt: 'ASC', id: 'ASC' } })
    ).map(toWatch);
  }

  async notifications(viewer: Viewer, { unreadOnly, first }: NotificationsArgs): Promise<Notification[]> {
    const rows = await this.db.getRepository(NotificationEntity).find({
      where: { userId: viewer.userId, organisationId: viewer.organisationId, ...(unreadOnly && { readAt: IsNull() }) },
      order: { id: 'DESC' },
      take: first,
    });
    return rows.map(toNotification);
  }

  /** The viewer's notifications (as that user, for that organisation) after `afterId`, oldest first: what a reconnecting client missed. */
  async missed(viewer: Viewer, afterId: string): Promise<Notification[]> {
    const rows = await this.db.getRepository(NotificationEntity).find({
      where: { userId: viewer.userId, organisationId: viewer.organisationId, id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: 1000,
    });
    return rows.map(toNotification);
  }

  async markRead(viewer: Viewer, ids: string[]): Promise<number> {
    if (ids.some((id) => !/^\d{1,18}$/.test(id))) throw StagebankError.badInput('ids', 'notification ids are numbers');
    const result = await this.db
      .getRepository(NotificationEntity)
      .update({ id: In(ids), userId: viewer.userId, organisationId: viewer.organisationId, readAt: IsNull() }, { readAt: new Date() });
    return result.affected ?? 0;
  }

  async createWebhook(viewer: Viewer, input: WebhookInput): Promise<CreatedWebhook> {
    policy.assertCanManageOrganisation(viewer, viewer.organisationId);
    if (this.config.env === 'production' && !input.url.startsWith('https://')) throw StagebankError.badInput('input.url', 'must be an https:// URL');
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const repository = this.db.getRepository(WebhookEntity);
    const webhook = await repository.save(
      repository.create({
        organisationId: viewer.organisationId,
        url: input.url,
        description: input.description?.trim() || null,
        secret,
        createdByUserId: viewer.userId,
      }),
    );
    return { webhook: toWebhook(webhook), secret };
  }

  async removeWebhook(viewer: Viewer, id: string): Promise<boolean> {
    policy.assertCanManageOrganisation(viewer, viewer.organisationId);
    const { affected } = await this.db
      .getRepository(WebhookEntity)
      .update({ id, organisationId: viewer.organisationId, removedAt: IsNull() }, { removedAt: new Date() });
    if (!affected) throw StagebankError.notFound('Webhook', id);
    return true;
  }

  async webhooks(viewer: Viewer): Promise<Webhook[]> {
    return (
      await this.db.getRepository(WebhookEntity).find({ where: { organisationId: viewer.organisationId, removedAt: IsNull() }, order: { createdAt: 'ASC' } })
    ).map(toWebhook);
  }
}
