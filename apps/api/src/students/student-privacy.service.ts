import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { addDays, todayIso } from '@stagebank/domain';
import { policy } from '../auth/policy';
import type { Viewer } from '../auth/viewer';
import { APP_CONFIG } from '../common/config.provider';
import { JobRunner } from '../jobs/job-runner';
import { toStudentProfile } from './student.mapper';
import { StudentRepository } from './student.repository';
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
    private readonly repository: StudentRepository,
    jobs: JobRunner,
  ) {
    // Once a day across all replicas; a minute after start, so it never holds up start-up.
    jobs.register({ name: 'student-retention', kind: 'singleton', everyMs: DAY_MS, firstAfterMs: 60_000, run: () => this.purgeExpired() });
  }

  async export(viewer: Viewer, id: string): Promise<Record<string, unknown>> {
    policy.assertCanKeepStudents(viewer);
    const student = await this.students.findOwn(viewer, id);
    const organisation = await this.repository.organisationSummary(student.organisationId);
    const internships = await this.repository.internshipsForExport(student.id, viewer.organisationId);
    const followUps = await this.repository.followUpsForExport(student.id, viewer.organisationId);
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
    await this.repository.erase([student.id]);
    return true;
  }

  /** Erases every student who left before the retention period; returns how many. */
  async purgeExpired(today = todayIso()): Promise<number> {
    const cutoff = addDays(today, -this.config.studentRetentionDays);
    const ids = await this.repository.leftBefore(cutoff);
    if (ids.length) {
      await this.repository.erase(ids);
      this.logger.log(`retention: erased ${ids.length} students who left before ${cutoff}`);
    }
    return ids.length;
  }
}
