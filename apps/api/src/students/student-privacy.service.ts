import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { addDays, todayIso } from '@stagebank/domain';
import { DataSource } from 'typeorm';
import { policy } from '../auth/policy';
import type { Viewer } from '../auth/viewer';
import { APP_CONFIG } from '../common/config.provider';
import { JobRunner } from '../jobs/job-runner';
import { toStudentProfile } from './student.mapper';
import { StudentService } from './student.service';

const DAY_MS = 24 * 3600 * 1000;

/**
 * A student's rights over their data: everything stagebank holds about them as one JSON document,
 * erasure on request, and erasure by retention once they left longer ago than
 * STUDENT_RETENTION_DAYS. Erasure deletes the profile; the internships stay as anonymous seat
 * history (no student, no end reason), so occupancy and outcome counts stay true.
 */
@Injectable()
export class StudentPrivacyService {
  private readonly logger = new Logger('StudentPrivacy');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly students: StudentService,
    private readonly db: DataSource,
    jobs: JobRunner,
  ) {
    // Once a day across all replicas; a minute after start, so it never holds up start-up.
    jobs.register({ name: 'student-retention', kind: 'singleton', everyMs: DAY_MS, firstAfterMs: 60_000, run: () => this.purgeExpired() });
  }

  async export(viewer: Viewer, id: string): Promise<Record<string, unknown>> {
    policy.assertCanKeepStudents(viewer);
    const student = await this.students.findOwn(viewer, id);
    const [organisation] = await this.db.query(`SELECT id, name FROM organisation WHERE id = $1`, [student.organisationId]);
    const internships = await this.db.query(
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
      [student.id, viewer.organisationId],
    );
    const followUps = await this.db.query(
      `SELECT checked_on AS "checkedOn", situation, note FROM follow_up WHERE student_id = $1 AND organisation_id = $2 ORDER BY checked_on, created_at`,
      [student.id, viewer.organisationId],
    );
    return {
      format: 'stagebank-student-export/1',
      exportedAt: new Date().toISOString(),
      exportedBy: viewer.userId,
      organisation,
      student: toStudentProfile(student),
      internships,
      followUps,
    };
  }

  async erase(viewer: Viewer, id: string): Promise<boolean> {
    policy.assertCanEraseStudents(viewer);
    const student = await this.students.findOwn(viewer, id);
    await this.eraseAll([student.id]);
    return true;
  }

  /** Erases every student who left before the retention period; returns how many. */
  async purgeExpired(today = todayIso()): Promise<number> {
    const cutoff = addDays(today, -this.config.studentRetentionDays);
    const rows: Array<{ id: string }> = await this.db.query(`SELECT id FROM student_profile WHERE left_at < $1`, [cutoff]);
    if (rows.length) {
      await this.eraseAll(rows.map((r) => r.id));
      this.logger.log(`retention: erased ${rows.length} students who left before ${cutoff}`);
    }
    return rows.length;
  }

  private async eraseAll(ids: string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE internship SET end_reason = NULL WHERE student_id = ANY($1::uuid[])`, [ids]);
      // Evaluations are about the person; outcomes (destination, praktijkverklaringen, certificates) stay as anonymous counts.
      await tx.query(`DELETE FROM internship_evaluation WHERE internship_id IN (SELECT id FROM internship WHERE student_id = ANY($1::uuid[]))`, [ids]);
      await tx.query(`DELETE FROM student_profile WHERE id = ANY($1::uuid[])`, [ids]); // internships keep their seat: student_id becomes NULL
    });
  }
}
