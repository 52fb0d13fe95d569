import { Injectable } from '@nestjs/common';
import { MembershipRole } from '@stagebank/domain';
import { DataSource, EntityManager } from 'typeorm';
import { policy } from '../auth/policy';
import { actingUserId, type Viewer } from '../auth/viewer';

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

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actorUserId?: string;
}

/**
 * Columns of shared rows that belong to one organisation (the row's organisation_id): an
 * experience is shared, but the internship it is tied to is the recording school's alone.
 */
const PRIVATE_COLUMNS: Record<string, string[]> = { experience: ['internship_id'] };

/** The entry as `viewer` may see it: private columns of another organisation's row left out. */
function forViewer(row: AuditRow, viewer: Viewer): AuditRow {
  const columns = PRIVATE_COLUMNS[row.entity];
  if (!columns) return row;
  const image = (values: Record<string, unknown> | null) =>
    values && values.organisation_id !== viewer.organisationId
      ? Object.fromEntries(Object.entries(values).filter(([column]) => !columns.includes(column)))
      : values;
  return { ...row, before: image(row.before), after: image(row.after) };
}

/**
 * The audit log: writes of audited tables arrive by trigger (who acted: auth/database-scope.ts);
 * reads of student profiles are recorded here.
 */
@Injectable()
export class AuditService {
  constructor(private readonly db: DataSource) {}

  /** Records that `viewer` read these student profiles (of their own organisation). */
  async recordStudentReads(viewer: Viewer, studentIds: string[], manager: EntityManager = this.db.manager): Promise<void> {
    if (studentIds.length === 0) return;
    await manager.query(
      `INSERT INTO audit_entry (actor_user_id, actor_organisation_id, actor_api_key_id, action, entity, entity_id, organisation_id)
       SELECT $1, $2, $3, 'READ', 'student_profile', id, $2 FROM unnest($4::uuid[]) id`,
      [actingUserId(viewer), viewer.organisationId, viewer.apiKey?.id ?? null, studentIds],
    );
  }

  /**
   * Records a key's creation or revocation, with what it may do (scope, student access) and
   * never its secret or hash. The entry belongs to the key's organisation: its admins see it.
   */
  async recordApiKeyChange(
    viewer: Viewer,
    action: 'INSERT' | 'UPDATE',
    key: { id: string; organisationId: string },
    before: object | null,
    after: object,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO audit_entry (actor_user_id, actor_organisation_id, actor_api_key_id, action, entity, entity_id, organisation_id, before, after)
       VALUES ($1, $2, $3, $4, 'api_key', $5, $6, $7, $8)`,
      [
        actingUserId(viewer),
        viewer.organisationId,
        viewer.apiKey?.id ?? null,
        action,
        key.id,
        key.organisationId,
        before && JSON.stringify(before),
        JSON.stringify(after),
      ],
    );
  }

  /**
   * Newest first. A school admin sees what concerns their organisation (its students, and what
   * its people did); a network admin sees changes to the shared network, never entries about
   * one organisation's students.
   */
  async list(viewer: Viewer, filter: AuditFilter, first: number, before: string | null): Promise<AuditRow[]> {
    policy.assertCanReadAudit(viewer);
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where: string[] =
      viewer.role === MembershipRole.NETWORK_ADMIN
        ? ['organisation_id IS NULL']
        : [`(organisation_id = ${p(viewer.organisationId)} OR (organisation_id IS NULL AND actor_organisation_id = ${p(viewer.organisationId)}))`];
    if (filter.entity) where.push(`entity = ${p(filter.entity)}`);
    if (filter.entityId) where.push(`entity_id = ${p(filter.entityId)}`);
    if (filter.actorUserId) where.push(`actor_user_id = ${p(filter.actorUserId)}`);
    if (before) where.push(`id < ${p(before)}`);
    const rows: AuditRow[] = await this.db.query(`SELECT * FROM audit_entry WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ${p(first)}`, params);
    return rows.map((row) => forViewer(row, viewer));
  }
}
