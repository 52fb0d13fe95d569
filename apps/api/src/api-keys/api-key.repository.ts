import { Injectable } from '@nestjs/common';
import { ApiKeyEntity } from '@stagebank/persistence';
import { DeepPartial, IsNull } from 'typeorm';
import { AreaRepository } from '../common/repository';

/** The API keys area's SQL. */
@Injectable()
export class ApiKeyRepository extends AreaRepository {
  /** The organisation's keys, newest first. */
  listForOrganisation(organisationId: string): Promise<ApiKeyEntity[]> {
    return this.manager.find(ApiKeyEntity, { where: { organisationId }, order: { createdAt: 'DESC' } });
  }

  find(id: string): Promise<ApiKeyEntity | null> {
    return this.manager.findOneBy(ApiKeyEntity, { id });
  }

  insert(values: DeepPartial<ApiKeyEntity>): Promise<ApiKeyEntity> {
    return this.manager.save(this.manager.create(ApiKeyEntity, values));
  }

  /** Revokes the key unless it already was (the first revocation's time stays). */
  async revoke(id: string): Promise<void> {
    await this.manager.update(ApiKeyEntity, { id, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
