import { Injectable } from '@nestjs/common';
import { LabourMarketRegion } from '@stagebank/domain';
import { BorisFlagEntity, EmployerEntity, RecognitionEntity } from '@stagebank/persistence';
import { DeepPartial, IsNull } from 'typeorm';
import { Connection, PageArgs, paginate } from '../common/pagination';
import { AreaRepository } from '../common/repository';

/** The recognition area's SQL: recognitions and Boris flags (see ARCHITECTURE.md, "Where SQL lives"). */
@Injectable()
export class RecognitionRepository extends AreaRepository {
  /** Whether the employer exists; with `lock`, holds its row so concurrent flag changes for it are serialised. */
  async employerExists(employerId: string, lock = false): Promise<boolean> {
    const employer = await this.manager.findOne(EmployerEntity, {
      where: { id: employerId },
      select: { id: true },
      ...(lock && { lock: { mode: 'pessimistic_write' as const } }),
    });
    return employer !== null;
  }

  findRecognition(id: string): Promise<RecognitionEntity | null> {
    return this.manager.findOneBy(RecognitionEntity, { id });
  }

  saveRecognition<T extends DeepPartial<RecognitionEntity>>(recognition: T): Promise<T & RecognitionEntity> {
    return this.manager.getRepository(RecognitionEntity).save(recognition);
  }

  updateRecognition(recognition: RecognitionEntity, changes: DeepPartial<RecognitionEntity>): Promise<RecognitionEntity> {
    return this.manager.save(this.manager.merge(RecognitionEntity, recognition, changes));
  }

  /** The flag set now on the employer, if any. */
  currentBorisFlag(employerId: string): Promise<BorisFlagEntity | null> {
    return this.manager.findOneBy(BorisFlagEntity, { employerId, clearedAt: IsNull() });
  }

  insertBorisFlag(flag: DeepPartial<BorisFlagEntity>): Promise<BorisFlagEntity> {
    return this.manager.save(this.manager.create(BorisFlagEntity, flag));
  }

  updateBorisFlag(flag: BorisFlagEntity, changes: DeepPartial<BorisFlagEntity>): Promise<BorisFlagEntity> {
    return this.manager.save(this.manager.merge(BorisFlagEntity, flag, changes));
  }

  /** Employers with the Boris flag set now (and a site in the region, if given), by name. */
  borisEmployers(region: LabourMarketRegion | undefined, page: PageArgs): Promise<Connection<EmployerEntity>> {
    const query = this.manager
      .getRepository(EmployerEntity)
      .createQueryBuilder('e')
      .where(`EXISTS (SELECT 1 FROM boris_flag f WHERE f.employer_id = e.id AND f.cleared_at IS NULL)`);
    if (region) query.andWhere(`EXISTS (SELECT 1 FROM site s WHERE s.employer_id = e.id AND s.region = :region)`, { region });
    return paginate(
      query,
      page,
      'e.name',
      (e) => e.name,
      (e) => e,
    );
  }
}
