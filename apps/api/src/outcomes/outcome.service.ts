import { Injectable } from '@nestjs/common';
import { AwardKind, FOLLOW_UP_MONTHS, InternshipStatus, addMonths, todayIso } from '@stagebank/domain';
import { FollowUpEntity, InternshipEntity, InternshipEvaluationEntity } from '@stagebank/persistence';
import { policy } from '../auth/policy';
import { Viewer } from '../auth/viewer';
import { StagebankError } from '../common/stagebank.error';
import { OutcomeRepository } from './outcome.repository';
import { EvaluationInput, FollowUpInput, InternshipOutcomeInput } from './outcome.types';

const ENDED: InternshipStatus[] = [InternshipStatus.COMPLETED, InternshipStatus.ENDED_EARLY];

/**
 * Recording results as part of the daily work, all school-private: evaluations during an
 * internship, its outcome when it ends (destination, praktijkverklaringen, certificates, why it
 * ended early) and follow-up check-ins for up to three years after the student leaves.
 */
@Injectable()
export class OutcomeService {
  constructor(private readonly repository: OutcomeRepository) {}

  async recordEvaluation(viewer: Viewer, internshipId: string, input: EvaluationInput): Promise<InternshipEvaluationEntity> {
    policy.assertCanKeepStudents(viewer);
    const internship = await this.ownInternship(this.repository, viewer, internshipId);
    if (input.evaluatedOn < internship.startDate) throw StagebankError.badInput('input.evaluatedOn', `must be on or after the start, ${internship.startDate}`);
    if (input.evaluatedOn > todayIso()) throw StagebankError.badInput('input.evaluatedOn', 'cannot be in the future');
    return this.repository.insertEvaluation({
      internshipId,
      organisationId: viewer.organisationId,
      evaluatedOn: input.evaluatedOn,
      evaluatorUserId: viewer.userId,
      werkprocessen: input.werkprocessen.map(({ werkproces, progress }) => ({ werkproces, progress })),
      text: input.text?.trim() || null,
    });
  }

  /** Records (or replaces) the outcome of an internship that has ended. */
  async recordOutcome(viewer: Viewer, internshipId: string, input: InternshipOutcomeInput): Promise<void> {
    policy.assertCanKeepStudents(viewer);
    await this.repository.transaction(async (tx) => {
      const internship = await this.ownInternship(tx, viewer, internshipId);
      if (!ENDED.includes(internship.status))
        throw StagebankError.badInput('internshipId', 'record the outcome once the internship is COMPLETED or ENDED_EARLY');
      const early = internship.status === InternshipStatus.ENDED_EARLY;
      if (early && !input.earlyEndReason) throw StagebankError.badInput('input.earlyEndReason', 'say why the internship ended early');
      if (!early && input.earlyEndReason) throw StagebankError.badInput('input.earlyEndReason', 'only for an internship that ended early');
      input.praktijkverklaringen.forEach((pv, i) => {
        if (pv.issuedOn < internship.startDate)
          throw StagebankError.badInput(`input.praktijkverklaringen[${i}].issuedOn`, `must be on or after the start, ${internship.startDate}`);
        if (pv.werkprocessen.length === 0) throw StagebankError.badInput(`input.praktijkverklaringen[${i}].werkprocessen`, 'name at least one werkproces');
      });
      input.certificates.forEach((c, i) => {
        if (c.kind === AwardKind.OTHER && !c.name?.trim()) throw StagebankError.badInput(`input.certificates[${i}].name`, 'name the certificate');
      });
      await tx.replaceOutcome(
        { internshipId, organisationId: viewer.organisationId },
        { destination: input.destination, earlyEndReason: input.earlyEndReason ?? null, recordedByUserId: viewer.userId, recordedAt: new Date() },
        input.praktijkverklaringen.map((pv) => ({
          crebo: pv.crebo,
          werkprocessen: pv.werkprocessen,
          issuedOn: pv.issuedOn,
          issuingSchool: pv.issuingSchool.trim(),
        })),
        input.certificates.map((c) => ({ kind: c.kind, name: c.name?.trim() || null, issuedOn: c.issuedOn })),
      );
    });
  }

  async recordFollowUp(viewer: Viewer, studentId: string, input: FollowUpInput): Promise<FollowUpEntity> {
    policy.assertCanKeepStudents(viewer);
    const student = await this.repository.findOwnStudent(studentId, viewer.organisationId);
    if (!student) throw StagebankError.notFound('Student', studentId, 'studentId');
    if (!student.leftAt) throw StagebankError.badInput('studentId', 'set the day the student left (leftAt) before recording follow-up');
    const last = addMonths(student.leftAt, FOLLOW_UP_MONTHS);
    if (input.checkedOn < student.leftAt || input.checkedOn > last) {
      throw StagebankError.badInput('input.checkedOn', `must be between leaving (${student.leftAt}) and ${FOLLOW_UP_MONTHS} months after (${last})`);
    }
    if (input.checkedOn > todayIso()) throw StagebankError.badInput('input.checkedOn', 'cannot be in the future');
    return this.repository.insertFollowUp({
      studentId,
      organisationId: viewer.organisationId,
      checkedOn: input.checkedOn,
      situation: input.situation,
      note: input.note?.trim() || null,
      recordedByUserId: viewer.userId,
    });
  }

  private async ownInternship(repository: OutcomeRepository, viewer: Viewer, id: string): Promise<InternshipEntity> {
    const internship = await repository.findOwnInternship(id, viewer.organisationId);
    if (!internship) throw StagebankError.notFound('Internship', id, 'internshipId');
    return internship;
  }
}
