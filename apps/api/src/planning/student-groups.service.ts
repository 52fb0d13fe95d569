import { Injectable } from '@nestjs/common';
import { StudentGroupEntity, StudentGroupMemberEntity, StudentProfileEntity } from '@stagebank/persistence';
import { DataSource, EntityManager, In } from 'typeorm';
import { policy } from '../auth/policy';
import type { Viewer } from '../auth/viewer';
import { StagebankError } from '../common/stagebank.error';
import { SaveStudentGroupInput, StudentGroup } from './planning.types';

/**
 * Saved groups of a school's own students, for cohort planning ("September's group"). Who may keep
 * them is who may plan (coordinators and school admins); row-level security keeps both tables to
 * the organisation, so another school's group is NOT_FOUND like a missing one.
 */
@Injectable()
export class StudentGroupsService {
  constructor(private readonly db: DataSource) {}

  async list(viewer: Viewer): Promise<StudentGroup[]> {
    policy.assertCanPlanCohort(viewer);
    const groups = await this.db.getRepository(StudentGroupEntity).find({ where: { organisationId: viewer.organisationId }, order: { name: 'ASC' } });
    const members = groups.length
      ? await this.db.getRepository(StudentGroupMemberEntity).find({ where: { groupId: In(groups.map((g) => g.id)) }, order: { studentId: 'ASC' } })
      : [];
    return groups.map((g) =>
      view(
        g,
        members.filter((m) => m.groupId === g.id).map((m) => m.studentId),
      ),
    );
  }

  /** The group's students, for planning: NOT_FOUND when it is not one of this organisation's. */
  async studentIdsOf(viewer: Viewer, groupId: string, field = 'input.groupId'): Promise<string[]> {
    const group = await this.db.getRepository(StudentGroupEntity).findOneBy({ id: groupId, organisationId: viewer.organisationId });
    if (!group) throw StagebankError.notFound('Student group', groupId, field);
    const members = await this.db.getRepository(StudentGroupMemberEntity).find({ where: { groupId }, order: { studentId: 'ASC' } });
    return members.map((m) => m.studentId);
  }

  async save(viewer: Viewer, input: SaveStudentGroupInput): Promise<StudentGroup> {
    policy.assertCanPlanCohort(viewer);
    const name = input.name.trim();
    if (!name) throw StagebankError.badInput('input.name', 'give the group a name');
    const studentIds = [...new Set(input.studentIds)].sort();
    return this.db.transaction(async (tx) => {
      const own = await tx
        .getRepository(StudentProfileEntity)
        .find({ select: { id: true }, where: { id: In(studentIds), organisationId: viewer.organisationId } });
      const missing = studentIds.find((id) => !own.some((s) => s.id === id));
      if (missing) throw StagebankError.notFound('Student', missing, 'input.studentIds');
      const groups = tx.getRepository(StudentGroupEntity);
      const clash = await groups.findOneBy({ organisationId: viewer.organisationId, name });
      if (clash && clash.id !== input.id) throw StagebankError.badInput('input.name', `your organisation already has a group named "${name}"`);
      let group: StudentGroupEntity;
      if (input.id) {
        const existing = await groups.findOneBy({ id: input.id, organisationId: viewer.organisationId });
        if (!existing) throw StagebankError.notFound('Student group', input.id, 'input.id');
        existing.name = name;
        group = await groups.save(existing);
        await tx.delete(StudentGroupMemberEntity, { groupId: group.id });
      } else {
        group = await groups.save(groups.create({ organisationId: viewer.organisationId, name }));
      }
      await insertMembers(tx, group, studentIds);
      return view(group, studentIds);
    });
  }

  async remove(viewer: Viewer, id: string): Promise<boolean> {
    policy.assertCanPlanCohort(viewer);
    const { affected } = await this.db.getRepository(StudentGroupEntity).delete({ id, organisationId: viewer.organisationId });
    if (!affected) throw StagebankError.notFound('Student group', id);
    return true;
  }
}

async function insertMembers(tx: EntityManager, group: StudentGroupEntity, studentIds: string[]): Promise<void> {
  const rows = studentIds.map((studentId) => ({ groupId: group.id, studentId, organisationId: group.organisationId }));
  for (let i = 0; i < rows.length; i += 500) await tx.insert(StudentGroupMemberEntity, rows.slice(i, i + 500));
}

const view = (group: StudentGroupEntity, studentIds: string[]): StudentGroup => ({
  id: group.id,
  name: group.name,
  studentIds,
  size: studentIds.length,
  updatedAt: group.updatedAt,
});
