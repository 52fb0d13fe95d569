import { Injectable } from '@nestjs/common';
import { InternshipStatus, LabourMarketRegion, OCCUPYING_STATUSES } from '@stagebank/domain';
import { Period } from '@stagebank/matching';
import {
  CohortPlanEntity,
  CohortPlanEntryEntity,
  EmployerEntity,
  InternshipEntity,
  OrganisationEntity,
  SiteEntity,
  StudentGroupEntity,
  StudentGroupMemberEntity,
  StudentProfileEntity,
} from '@stagebank/persistence';
import { DeepPartial, In, IsNull } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AreaRepository } from '../common/repository';

/** Rows are written in batches of this many, to stay well under the limit on a statement's parameters. */
const BATCH = 500;

/**
 * The planning area's SQL: cohort plans and their lines, the students, internships and seats a
 * plan reads and accepts into, and saved student groups (see ARCHITECTURE.md, "Where SQL lives").
 */
@Injectable()
export class PlanningRepository extends AreaRepository {
  /** The organisation's students who have not left, all or only those with the given ids. */
  currentStudentsOf(organisationId: string, ids?: string[]): Promise<StudentProfileEntity[]> {
    return this.manager.find(StudentProfileEntity, { where: { ...(ids && { id: In(ids) }), organisationId, leftAt: IsNull() } });
  }

  /** The students of these organisations who have not left. */
  currentStudentsOfOrganisations(organisationIds: string[]): Promise<StudentProfileEntity[]> {
    return this.manager.find(StudentProfileEntity, { where: { organisationId: In(organisationIds), leftAt: IsNull() } });
  }

  /** The students' codes by id, of the organisation's own students among them. */
  async studentCodes(organisationId: string, ids: string[]): Promise<Map<string, string>> {
    const students = await this.manager.find(StudentProfileEntity, {
      where: { id: In(ids), organisationId },
      select: { id: true, code: true },
    });
    return new Map(students.map((s) => [s.id, s.code]));
  }

  organisationsInRegion(region: LabourMarketRegion): Promise<OrganisationEntity[]> {
    return this.manager.findBy(OrganisationEntity, { region });
  }

  organisations(ids: string[]): Promise<OrganisationEntity[]> {
    return this.manager.findBy(OrganisationEntity, { id: In(ids) });
  }

  /** The students' internships in these statuses that overlap the period, by student and start. */
  overlappingInternships(studentIds: string[], statuses: readonly InternshipStatus[], period: Period): Promise<InternshipEntity[]> {
    return this.manager
      .createQueryBuilder(InternshipEntity, 'i')
      .where('i.student_id IN (:...ids)', { ids: studentIds })
      .andWhere('i.status IN (:...statuses)', { statuses })
      .andWhere('i.start_date <= :to AND i.end_date >= :from', { from: period.from, to: period.to })
      .orderBy('i.student_id')
      .addOrderBy('i.start_date')
      .getMany();
  }

  /** Seats taken in the period at each of the sites (over all their placements), by site; a site with none is absent. */
  async seatsTakenAtSites(siteIds: string[], period: Period): Promise<Map<string, number>> {
    const rows: Array<{ site_id: string; taken: string }> = await this.manager.query(
      `SELECT p.site_id, count(*) AS taken FROM seat_claim c JOIN placement p ON p.id = c.placement_id
          WHERE p.site_id = ANY($1) AND c.status = ANY($2) AND c.start_date <= $3 AND c.end_date >= $4 GROUP BY p.site_id`,
      [siteIds, [...OCCUPYING_STATUSES], period.to, period.from],
    );
    return new Map(rows.map((r) => [r.site_id, Number(r.taken)]));
  }

  findPlan(id: string): Promise<CohortPlanEntity | null> {
    return this.manager.findOneBy(CohortPlanEntity, { id });
  }

  insertPlan<T extends DeepPartial<CohortPlanEntity>>(plan: T): Promise<T & CohortPlanEntity> {
    return this.manager.getRepository(CohortPlanEntity).save(plan);
  }

  /** The plan's lines about the organisation's own students. */
  ownEntries(planId: string, organisationId: string): Promise<CohortPlanEntryEntity[]> {
    return this.manager.find(CohortPlanEntryEntity, { where: { planId, organisationId } });
  }

  /** Writes a plan's lines in one transaction. */
  insertEntries(entries: Array<QueryDeepPartialEntity<CohortPlanEntryEntity>>): Promise<void> {
    return this.manager.transaction(async (tx) => {
      for (let i = 0; i < entries.length; i += BATCH) await tx.insert(CohortPlanEntryEntity, entries.slice(i, i + BATCH));
    });
  }

  /** Notes the internship accepting a student's line created. */
  async linkEntry(planId: string, studentId: string, internshipId: string): Promise<void> {
    await this.manager.update(CohortPlanEntryEntity, { planId, studentId }, { internshipId });
  }

  findSite(id: string): Promise<SiteEntity | null> {
    return this.manager.findOneBy(SiteEntity, { id });
  }

  findEmployer(id: string): Promise<EmployerEntity | null> {
    return this.manager.findOneBy(EmployerEntity, { id });
  }

  insertInternship(values: DeepPartial<InternshipEntity>): Promise<InternshipEntity> {
    return this.manager.save(this.manager.create(InternshipEntity, values));
  }

  /** The organisation's saved groups, by name. */
  groupsOf(organisationId: string): Promise<StudentGroupEntity[]> {
    return this.manager.find(StudentGroupEntity, { where: { organisationId }, order: { name: 'ASC' } });
  }

  findGroup(id: string, organisationId: string): Promise<StudentGroupEntity | null> {
    return this.manager.findOneBy(StudentGroupEntity, { id, organisationId });
  }

  /** The organisation's group of that name, if any. */
  groupNamed(organisationId: string, name: string): Promise<StudentGroupEntity | null> {
    return this.manager.findOneBy(StudentGroupEntity, { organisationId, name });
  }

  /** The members of the groups, by student id. */
  membersOf(groupIds: string[]): Promise<StudentGroupMemberEntity[]> {
    return this.manager.find(StudentGroupMemberEntity, { where: { groupId: In(groupIds) }, order: { studentId: 'ASC' } });
  }

  /** The members of one group, by student id. */
  membersOfGroup(groupId: string): Promise<StudentGroupMemberEntity[]> {
    return this.manager.find(StudentGroupMemberEntity, { where: { groupId }, order: { studentId: 'ASC' } });
  }

  /** Which of the ids are the organisation's students (only their ids are read). */
  ownStudentIds(organisationId: string, ids: string[]): Promise<Array<Pick<StudentProfileEntity, 'id'>>> {
    return this.manager.find(StudentProfileEntity, { select: { id: true }, where: { id: In(ids), organisationId } });
  }

  insertGroup(values: DeepPartial<StudentGroupEntity>): Promise<StudentGroupEntity> {
    return this.manager.save(this.manager.create(StudentGroupEntity, values));
  }

  saveGroup(group: StudentGroupEntity): Promise<StudentGroupEntity> {
    return this.manager.save(group);
  }

  /** Deletes the organisation's group; whether there was one. */
  async deleteGroup(id: string, organisationId: string): Promise<boolean> {
    const { affected } = await this.manager.delete(StudentGroupEntity, { id, organisationId });
    return !!affected;
  }

  async deleteMembers(groupId: string): Promise<void> {
    await this.manager.delete(StudentGroupMemberEntity, { groupId });
  }

  async insertMembers(group: StudentGroupEntity, studentIds: string[]): Promise<void> {
    const rows = studentIds.map((studentId) => ({ groupId: group.id, studentId, organisationId: group.organisationId }));
    for (let i = 0; i < rows.length; i += BATCH) await this.manager.insert(StudentGroupMemberEntity, rows.slice(i, i + BATCH));
  }
}
