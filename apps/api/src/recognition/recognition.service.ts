import { Injectable } from '@nestjs/common';
import { BorisFlagEntity, RecognitionEntity } from '@stagebank/persistence';
import { LabourMarketRegion } from '@stagebank/domain';
import { mapConnection, PageArgs } from '../common/pagination';
import { toEmployer } from '../employers/employer.mapper';
import { policy } from '../auth/policy';
import type { Viewer } from '../auth/viewer';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { RecognitionRepository } from './recognition.repository';
import { RecognitionInput } from './recognition.types';

/** SBB advisers' part of the network: recognitions and the Boris flag, kept with their history. */
@Injectable()
export class RecognitionService {
  constructor(private readonly repository: RecognitionRepository) {}

  async addRecognition(viewer: Viewer, employerId: string, input: RecognitionInput): Promise<RecognitionEntity> {
    policy.assertSbbAdviser(viewer);
    if (input.validUntil && input.validUntil < input.validFrom) throw StagebankError.badInput('input.validUntil', 'must not be before validFrom');
    await this.assertEmployer(this.repository, employerId);
    return this.repository.saveRecognition({ ...input, validUntil: input.validUntil ?? null, employerId, setByUserId: viewer.userId });
  }

  async withdrawRecognition(viewer: Viewer, id: string, reason: string): Promise<RecognitionEntity> {
    policy.assertSbbAdviser(viewer);
    const recognition = await this.repository.findRecognition(id);
    if (!recognition) throw StagebankError.notFound('Recognition', id);
    if (recognition.withdrawnAt) throw new StagebankError(ErrorCode.CONFLICT, 'This recognition was already withdrawn', 'id');
    return this.repository.updateRecognition(recognition, { withdrawnAt: new Date(), withdrawnByUserId: viewer.userId, withdrawalReason: reason.trim() });
  }

  /** Sets the flag; setting it again while it is set keeps the original entry. */
  async setBorisFlag(viewer: Viewer, employerId: string, note: string | undefined): Promise<BorisFlagEntity> {
    policy.assertSbbAdviser(viewer);
    return this.repository.transaction(async (tx) => {
      await this.assertEmployer(tx, employerId, true);
      const current = await tx.currentBorisFlag(employerId);
      return current ?? tx.insertBorisFlag({ employerId, setByUserId: viewer.userId, note: note?.trim() || null });
    });
  }

  async clearBorisFlag(viewer: Viewer, employerId: string): Promise<BorisFlagEntity> {
    policy.assertSbbAdviser(viewer);
    return this.repository.transaction(async (tx) => {
      await this.assertEmployer(tx, employerId, true);
      const current = await tx.currentBorisFlag(employerId);
      if (!current) throw new StagebankError(ErrorCode.CONFLICT, 'This employer has no Boris flag to clear', 'employerId');
      return tx.updateBorisFlag(current, { clearedAt: new Date(), clearedByUserId: viewer.userId });
    });
  }

  /** Employers with the Boris flag set now and a site in the region, by name: an adviser's own list. */
  async borisEmployers(region: LabourMarketRegion | undefined, page: PageArgs) {
    return mapConnection(await this.repository.borisEmployers(region, page), toEmployer);
  }

  /** With `lock`, concurrent flag changes for one employer are serialised. */
  private async assertEmployer(repository: RecognitionRepository, employerId: string, lock = false): Promise<void> {
    if (!(await repository.employerExists(employerId, lock))) throw StagebankError.notFound('Employer', employerId, 'employerId');
  }
}
