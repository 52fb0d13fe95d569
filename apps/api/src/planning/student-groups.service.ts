import { Injectable } from '@nestjs/common';
import { StudentGroupEntity } from '@stagebank/persistence';
import { policy } from '../auth/policy';
import type { Viewer } from '../auth/viewer';
import { StagebankError } from '../common/stagebank.error';
import { PlanningRepository } from './planning.repository';
import { SaveStudentGroupInput, StudentGroup } from './planning.types';

/**
 * Saved groups of a school's own students, for cohort planning ("September's group"). Who may keep
 * them is who may plan (coordinators and school admins); row-level security keeps both tables to
 * the organisation, so another school's group is NOT_FOUND like a missing one.
 */
@Injectable()
export class StudentGroupsService {
  constructor(private readonly repository: PlanningRepository) {}

  async list(viewer: Viewer): Promise<StudentGroup[]> {
    policy.assertCanPlanCohort(viewer);
    const groups = await this.repository.groupsOf(viewer.organisationId);
    const members = groups.length ? await this.repository.membersOf(groups.map((g) => g.id)) : [];
    return groups.map((g) =>
      view(
        g,
        members.filter((m) => m.groupId === g.id).map((m) => m.studentId),
      ),
    );
  }

  /** The group's students, for planning: NOT_FOUND when it is not one of this organisation's. */
  async studentIdsOf(viewer: Viewer, groupId: string, field = 'input.groupId'): Promise<string[]> {
    const group = await this.repository.findGroup(groupId, viewer.organisationId);
    if (!group) throw StagebankError.notFound('Student group', groupId, field);
    const members = await this.repository.membersOfGroup(groupId);
    return members.map((m) => m.studentId);
  }

  async save(viewer: Viewer, input: SaveStudentGroupInput): Promise<StudentGroup> {
    policy.assertCanPlanCohort(viewer);
    const name = input.name.trim();
    if (!name) throw StagebankError.badInput('input.name', 'give the group a name');
    const studentIds = [...new Set(input.studentIds)].sort();
    return this.repository.transaction(async (tx) => {
      const own = await tx.ownStudentIds(viewer.organisationId, studentIds);
      const missing = studentIds.find((id) => !own.some((s) => s.id === id));
      if (missing) throw StagebankError.notFound('Student', missing, 'input.studentIds');
      const clash = await tx.groupNamed(viewer.organisationId, name);
      if (clash && clash.id !== input.id) throw StagebankError.badInput('input.name', `your organisation already has a group named "${name}"`);
      let group: StudentGroupEntity;
      if (input.id) {
        const existing = await tx.findGroup(input.id, viewer.organisationId);
        if (!existing) throw StagebankError.notFound('Student group', input.id, 'input.id');
        existing.name = name;
        group = await tx.saveGroup(existing);
        await tx.deleteMembers(group.id);
      } else {
        group = await tx.insertGroup({ organisationId: viewer.organisationId, name });
      }
      await tx.insertMembers(group, studentIds);
      return view(group, studentIds);
    });
  }

  async remove(viewer: Viewer, id: string): Promise<boolean> {
    policy.assertCanPlanCohort(viewer);
    if (!(await this.repository.deleteGroup(id, viewer.organisationId))) throw StagebankError.notFound('Student group', id);
    return true;
  }
}

const view = (group: StudentGroupEntity, studentIds: string[]): StudentGroup => ({
  id: group.id,
  name: group.name,
  studentIds,
  size: studentIds.length,
  updatedAt: group.updatedAt,
});
