import { Injectable } from '@nestjs/common';
import {
  CertificateAwardEntity,
  FollowUpEntity,
  InternshipEntity,
  InternshipEvaluationEntity,
  InternshipOutcomeEntity,
  PraktijkverklaringEntity,
  StudentProfileEntity,
} from '@stagebank/persistence';
import { DeepPartial } from 'typeorm';
import { AreaRepository } from '../common/repository';

/** Whose a result is: the internship and the school that records it. */
interface OwnInternship {
  internshipId: string;
  organisationId: string;
}

/** The outcomes area's SQL: evaluations, outcomes with their praktijkverklaringen and certificates, follow-ups. */
@Injectable()
export class OutcomeRepository extends AreaRepository {
  /** The organisation's internship, or null (also for another school's). */
  findOwnInternship(id: string, organisationId: string): Promise<InternshipEntity | null> {
    return this.manager.findOneBy(InternshipEntity, { id, organisationId });
  }

  /** The organisation's student, or null (also for another school's). */
  findOwnStudent(id: string, organisationId: string): Promise<StudentProfileEntity | null> {
    return this.manager.findOneBy(StudentProfileEntity, { id, organisationId });
  }

  insertEvaluation(values: DeepPartial<InternshipEvaluationEntity>): Promise<InternshipEvaluationEntity> {
    return this.manager.save(this.manager.create(InternshipEvaluationEntity, values));
  }

  /**
   * Writes the internship's outcome over any earlier one: its praktijkverklaringen and
   * certificates are replaced by these. Run it in a transaction.
   */
  async replaceOutcome(
    own: OwnInternship,
    outcome: DeepPartial<InternshipOutcomeEntity>,
    praktijkverklaringen: Array<DeepPartial<PraktijkverklaringEntity>>,
    certificates: Array<DeepPartial<CertificateAwardEntity>>,
  ): Promise<void> {
    await this.manager.delete(PraktijkverklaringEntity, { internshipId: own.internshipId });
    await this.manager.delete(CertificateAwardEntity, { internshipId: own.internshipId });
    await this.manager.save(this.manager.create(InternshipOutcomeEntity, { ...own, ...outcome }));
    for (const pv of praktijkverklaringen) await this.manager.save(this.manager.create(PraktijkverklaringEntity, { ...own, ...pv }));
    for (const c of certificates) await this.manager.save(this.manager.create(CertificateAwardEntity, { ...own, ...c }));
  }

  insertFollowUp(values: DeepPartial<FollowUpEntity>): Promise<FollowUpEntity> {
    return this.manager.save(this.manager.create(FollowUpEntity, values));
  }
}
