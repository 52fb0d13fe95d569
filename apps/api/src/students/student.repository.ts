import { Injectable } from '@nestjs/common';
import { StudentProfileEntity } from '@stagebank/persistence';
import { DeepPartial, IsNull } from 'typeorm';
import { Connection, PageArgs, paginate } from '../common/pagination';
import { AreaRepository } from '../common/repository';
import { StudentProfileFilter } from './student.types';

/**
 * The students area's SQL: student profiles, what a student's export gathers and what erasure
 * deletes (see ARCHITECTURE.md, "Where SQL lives"). Row-level security keeps a request's reads
 * to its own organisation; the methods name the organisation as well.
 */
@Injectable()
export class StudentRepository extends AreaRepository {
  /** The organisation's student, or null (also for another school's). */
  findOwn(id: string, organisationId: string): Promise<StudentProfileEntity | null> {
    return this.manager.findOneBy(StudentProfileEntity, { id, organisationId });
  }

  /** The organisation's students who have not left, by code. */
  currentOf(organisationId: string): Promise<StudentProfileEntity[]> {
    return this.manager.find(StudentProfileEntity, { where: { organisationId, leftAt: IsNull() }, order: { code: 'ASC' } });
  }

  /** A page of the organisation's students by code: a code's start, final year, and the leavers only when asked. */
  list(organisationId: string, filter: StudentProfileFilter | undefined, page: PageArgs): Promise<Connection<StudentProfileEntity>> {
    const query = this.manager.getRepository(StudentProfileEntity).createQueryBuilder('s').where('s.organisation_id = :org', { org: organisationId });
    if (filter?.code) query.andWhere(`s.code ILIKE :code || '%'`, { code: filter.code.replace(/[%_\\]/g, '\\$&') });
    if (filter?.finalYear !== undefined) query.andWhere('s.final_year = :finalYear', { finalYear: filter.finalYear });
    if (!filter?.includeLeft) query.andWhere('s.left_at IS NULL');
    return paginate(
      query,
      page,
      's.code',
      (s) => s.code,
      (s) => s,
    );
  }

  /** Whether the organisation has a student with this code. */
  codeTaken(organisationId: string, code: string): Promise<boolean> {
    return this.manager.existsBy(StudentProfileEntity, { organisationId, code });
  }

  insert(values: DeepPartial<StudentProfileEntity>): Promise<StudentProfileEntity> {
    return this.manager.save(this.manager.create(StudentProfileEntity, values));
  }

  /** The student with the changes applied, not yet saved (so the whole can be checked first). */
  withChanges(student: StudentProfileEntity, changes: DeepPartial<StudentProfileEntity>): StudentProfileEntity {
    return this.manager.merge(StudentProfileEntity, student, changes);
  }

  save(student: StudentProfileEntity): Promise<StudentProfileEntity> {
    return this.manager.save(student);
  }

  /** The organisation's id and name, for a student's export. */
  async organisationSummary(organisationId: string): Promise<{ id: string; name: string } | undefined> {
    const [organisation] = await this.manager.query(`SELECT id, name FROM organisation WHERE id = $1`, [organisationId]);
    return organisation;
  }

  /** The student's internships at the organisation, with placement, employer, coach and every result, oldest first. */
  internshipsForExport(studentId: string, organisationId: string): Promise<Array<Record<string, unknown>>> {
    return this.manager.query(
      `SELECT i.id, i.start_date AS "startDate", i.end_date AS "endDate", i.status, i.end_reason AS "endReason",
              i.created_at AS "createdAt", i.updated_at AS "updatedAt",
              json_build_object('id', p.id, 'title', p.title) AS placement,
              json_build_object('id', e.id, 'name', e.name, 'place', s.place) AS employer,
              u.display_name AS coach,
              (SELECT row_to_json(o) FROM (SELECT destination, early_end_reason AS "earlyEndReason", recorded_at AS "recordedAt"
                                             FROM internship_outcome WHERE internship_id = i.id) o) AS outcome,
              (SELECT coalesce(json_agg(json_build_object('crebo', pv.crebo, 'werkprocessen', pv.werkprocessen, 'issuedOn', pv.issued_on, 'issuingSchool', pv.issuing_school)), '[]')
                 FROM praktijkverklaring pv WHERE pv.internship_id = i.id) AS praktijkverklaringen,
              (SELECT coalesce(json_agg(json_build_object('kind', c.kind, 'name', c.name, 'issuedOn', c.issued_on)), '[]')
                 FROM certificate_award c WHERE c.internship_id = i.id) AS certificates,
              (SELECT coalesce(json_agg(json_build_object('evaluatedOn', ev.evaluated_on, 'werkprocessen', ev.werkprocessen, 'text', ev.text) ORDER BY ev.evaluated_on), '[]')
                 FROM internship_evaluation ev WHERE ev.internship_id = i.id) AS evaluations
         FROM internship i JOIN placement p ON p.id = i.placement_id JOIN site s ON s.id = p.site_id JOIN employer e ON e.id = s.employer_id
         LEFT JOIN app_user u ON u.id = i.coach_user_id
        WHERE i.student_id = $1 AND i.organisation_id = $2 ORDER BY i.start_date, i.id`,
      [studentId, organisationId],
    );
  }

  /** The student's follow-up check-ins at the organisation, oldest first. */
  followUpsForExport(studentId: string, organisationId: string): Promise<Array<Record<string, unknown>>> {
    return this.manager.query(
      `SELECT checked_on AS "checkedOn", situation, note FROM follow_up WHERE student_id = $1 AND organisation_id = $2 ORDER BY checked_on, created_at`,
      [studentId, organisationId],
    );
  }

  /** Students (of every organisation) who left before the day. */
  async leftBefore(day: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.manager.query(`SELECT id FROM student_profile WHERE left_at < $1`, [day]);
    return rows.map((r) => r.id);
  }

  /**
   * Erases the students in one transaction: their profiles, their evaluations and why their
   * internships ended. The internships stay as anonymous seat history.
   */
  async erase(ids: string[]): Promise<void> {
    await this.manager.transaction(async (tx) => {
      await tx.query(`UPDATE internship SET end_reason = NULL WHERE student_id = ANY($1::uuid[])`, [ids]);
      // Evaluations are about the person; outcomes (destination, praktijkverklaringen, certificates) stay as anonymous counts.
      await tx.query(`DELETE FROM internship_evaluation WHERE internship_id IN (SELECT id FROM internship WHERE student_id = ANY($1::uuid[]))`, [ids]);
      await tx.query(`DELETE FROM student_profile WHERE id = ANY($1::uuid[])`, [ids]); // internships keep their seat: student_id becomes NULL
    });
  }
}
