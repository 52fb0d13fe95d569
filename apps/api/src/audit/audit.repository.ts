import { Injectable } from '@nestjs/common';
import { AreaRepository } from '../common/repository';

export interface AuditRow {
  id: string;
  at: Date;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  actor_api_key_id: string | null;
  actor_employer_id: string | null;
  actor_employer_link_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  organisation_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Who acted: the user, the organisation they act for, the API key used. */
export interface AuditActor {
  userId: string | null;
  organisationId: string;
  apiKeyId: string | null;
}

/** Which entries a reader may list: a network admin's (the shared network), or one organisation's. */
export type AuditReach = { network: true } | { network: false; organisationId: string };

export interface AuditQuery {
  entity?: string;
  entityId?: string;
  actorUserId?: string;
  /** Entries older than this id (the page before it). */
  before: string | null;
  first: number;
}

/** The audit log's SQL (writes of audited tables arrive by trigger; these are the explicit entries). */
@Injectable()
export class AuditRepository extends AreaRepository {
  /** One READ entry per student profile read, belonging to the reader's organisation. */
  async insertStudentReads(actor: AuditActor, studentIds: string[]): Promise<void> {
    await this.manager.query(
      `INSERT INTO audit_entry (actor_user_id, actor_organisation_id, actor_api_key_id, action, entity, entity_id, organisation_id)
       SELECT $1, $2, $3, 'READ', 'student_profile', id, $2 FROM unnest($4::uuid[]) id`,
      [actor.userId, actor.organisationId, actor.apiKeyId, studentIds],
    );
  }

  async insertApiKeyChange(
    actor: AuditActor,
    action: 'INSERT' | 'UPDATE',
    key: { id: string; organisationId: string },
    before: object | null,
    after: object,
  ): Promise<void> {
    await this.manager.query(
      `INSERT INTO audit_entry (actor_user_id, actor_organisation_id, actor_api_key_id, action, entity, entity_id, organisation_id, before, after)
       VALUES ($1, $2, $3, $4, 'api_key', $5, $6, $7, $8)`,
      [actor.userId, actor.organisationId, actor.apiKeyId, action, key.id, key.organisationId, before && JSON.stringify(before), JSON.stringify(after)],
    );
  }

  /**
   * Newest first: for the network, entries about no organisation; for an organisation, entries
   * about it and what its people did to the shared network.
   */
  list(reach: AuditReach, filter: AuditQuery): Promise<AuditRow[]> {
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = reach.network
      ? ['organisation_id IS NULL']
      : [`(organisation_id = ${p(reach.organisationId)} OR (organisation_id IS NULL AND actor_organisation_id = ${p(reach.organisationId)}))`];
    if (filter.entity) where.push(`entity = ${p(filter.entity)}`);
    if (filter.entityId) where.push(`entity_id = ${p(filter.entityId)}`);
    if (filter.actorUserId) where.push(`actor_user_id = ${p(filter.actorUserId)}`);
    if (filter.before) where.push(`id < ${p(filter.before)}`);
    return this.manager.query(`SELECT * FROM audit_entry WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ${p(filter.first)}`, params);
  }
}
