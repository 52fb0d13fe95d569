import { Injectable } from '@nestjs/common';
import { BorisFlagEntity, EmployerEntity, RecognitionEntity } from '@stagebank/persistence';
import { LabourMarketRegion } from '@stagebank/domain';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { PageArgs, paginate } from '../common/pagination';
import { toEmployer } from '../employers/employer.mapper';
import { policy } from '../auth/policy';
import type { Viewer } from '../auth/viewer';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { RecognitionInput } from './recognition.types';

/** SBB advisers' part of the network: recognitions and the Boris flag, kept with their history. */
@Injectable()
export class RecognitionService {
  constructor(private readonly db: DataSource) {}

  async addRecognition(viewer: Viewer, employerId: string, input: RecognitionInput): Promise<RecognitionEntity> {
    policy.assertSbbAdviser(viewer);
    if (input.validUntil && input.validUntil < input.validFrom) throw StagebankError.badInput('input.validUntil', 'must not be before validFrom');
    await this.assertEmployer(this.db.manager, employerId);
    return this.db.getRepository(RecognitionEntity).save({ ...input, validUntil: input.validUntil ?? null, employerId, setByUserId: viewer.userId });
  }

  async withdrawRecognition(viewer: Viewer, id: string, reason: string): Promise<RecognitionEntity> {
    policy.assertSbbAdviser(viewer);
    const repository = this.db.getRepository(RecognitionEntity);
    const recognition = await repository.findOneBy({ id });
    if (!recognition) throw StagebankError.notFound('Recognition', id);
    if (recognition.withdrawnAt) throw new StagebankError(ErrorCode.CONFLICT, 'This recognition was already withdrawn', 'id');
    return repository.save(repository.merge(recognition, { withdrawnAt: new Date(), withdrawnByUserId: viewer.userId, withdrawalReason: reason.trim() }));
  }

  /** Sets the flag; setting it again while it is set keeps the original entry. */
  async setBorisFlag(viewer: Viewer, employerId: string, note: string | undefined): Promise<BorisFlagEntity> {
    policy.assertSbbAdviser(viewer);
    return this.db.transaction(async (tx) => {
      await this.assertEmployer(tx, employerId, true);
      const current = await tx.findOneBy(BorisFlagEntity, { employerId, clearedAt: IsNull() });
      return current ?? tx.save(tx.create(BorisFlagEntity, { employerId, setByUserId: viewer.userId, note: note?.trim() || null }));
    });
  }

  async clearBorisFlag(viewer: Viewer, employerId: string): Promise<BorisFlagEntity> {
    policy.assertSbbAdviser(viewer);
    return this.db.transaction(async (tx) => {
      await this.assertEmployer(tx, employerId, true);
      const current = await tx.findOneBy(BorisFlagEntity, { employerId, clearedAt: IsNull() });
      if (!current) throw new StagebankError(ErrorCode.CONFLICT, 'This employer has no Boris flag to clear', 'employerId');
      return tx.save(tx.merge(BorisFlagEntity, current, { clearedAt: new Date(), clearedByUserId: viewer.userId }));
    });
  }

  /** Employers with the Boris flag set now and a site in the region, by name: an adviser's own list. */
  borisEmployers(region: LabourMarketRegion | undefined, page: PageArgs) {
    const query = this.db
      .getRepository(EmployerEntity)
      .createQueryBuilder('e')
      .where(`EXISTS (SELECT 1 FROM boris_flag f WHERE f.employer_id = e.id AND f.cleared_at IS NULL)`);
    if (region) query.andWhere(`EXISTS (SELECT 1 FROM site s WHERE s.employer_id = e.id AND s.region = :region)`, { region });
    return paginate(query, page, 'e.name', (e) => e.name, toEmployer);
  }

  /** With `lock`, concurrent flag changes for one employer are serialised. */
  private async assertEmployer(manager: EntityManager, employerId: string, lock = false): Promise<void> {
    const employer = await manager.findOne(EmployerEntity, {
      where: { id: employerId },
      select: { id: true },
      ...(lock && { lock: { mode: 'pessimistic_write' as const } }),
    });
    if (!employer) throw StagebankError.notFound('Employer', employerId, 'employerId');
  }
}
