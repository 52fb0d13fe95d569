import { Injectable } from '@nestjs/common';
import { MembershipRole } from '@stagebank/domain';
import { policy } from '../auth/policy';
import { actingUserId, type Viewer } from '../auth/viewer';
import { AuditActor, AuditRepository, type AuditRow } from './audit.repository';

export type { AuditRow };

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

const actor = (viewer: Viewer): AuditActor => ({ userId: actingUserId(viewer), organisationId: viewer.organisationId, apiKeyId: viewer.apiKey?.id ?? null });

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
  constructor(private readonly repository: AuditRepository) {}

  /** Records that `viewer` read these student profiles (of their own organisation). */
  async recordStudentReads(viewer: Viewer, studentIds: string[]): Promise<void> {
    if (studentIds.length === 0) return;
    await this.repository.insertStudentReads(actor(viewer), studentIds);
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
    await this.repository.insertApiKeyChange(actor(viewer), action, key, before, after);
  }

  /**
   * Newest first. A school admin sees what concerns their organisation (its students, and what
   * its people did); a network admin sees changes to the shared network, never entries about
   * one organisation's students.
   */
  async list(viewer: Viewer, filter: AuditFilter, first: number, before: string | null): Promise<AuditRow[]> {
    policy.assertCanReadAudit(viewer);
    const reach =
      viewer.role === MembershipRole.NETWORK_ADMIN ? { network: true as const } : { network: false as const, organisationId: viewer.organisationId };
    const rows = await this.repository.list(reach, { ...filter, first, before });
    return rows.map((row) => forViewer(row, viewer));
  }
}
