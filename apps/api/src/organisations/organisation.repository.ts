import { Injectable } from '@nestjs/common';
import { MembershipRole, OrganisationKind, LabourMarketRegion } from '@stagebank/domain';
import { MembershipEntity, OrganisationEntity, UserEntity } from '@stagebank/persistence';
import { DeepPartial, In } from 'typeorm';
import { Connection, PageArgs, paginate } from '../common/pagination';
import { AreaRepository } from '../common/repository';

/** The organisations area's SQL: organisations, users and memberships. */
@Injectable()
export class OrganisationRepository extends AreaRepository {
  find(id: string): Promise<OrganisationEntity | null> {
    return this.manager.findOneBy(OrganisationEntity, { id });
  }

  findOrFail(id: string): Promise<OrganisationEntity> {
    return this.manager.findOneByOrFail(OrganisationEntity, { id });
  }

  findMany(ids: string[]): Promise<OrganisationEntity[]> {
    return this.manager.findBy(OrganisationEntity, { id: In(ids) });
  }

  /** By name, optionally of some kinds and regions. */
  list(filter: { kinds?: OrganisationKind[]; regions?: LabourMarketRegion[] } | undefined, page: PageArgs): Promise<Connection<OrganisationEntity>> {
    const query = this.manager.getRepository(OrganisationEntity).createQueryBuilder('o');
    if (filter?.kinds?.length) query.andWhere('o.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter?.regions?.length) query.andWhere('o.region IN (:...regions)', { regions: filter.regions });
    return paginate(
      query,
      page,
      'o.name',
      (o) => o.name,
      (o) => o,
    );
  }

  insert(values: DeepPartial<OrganisationEntity>): Promise<OrganisationEntity> {
    return this.manager.save(this.manager.create(OrganisationEntity, values));
  }

  update(entity: OrganisationEntity, changes: DeepPartial<OrganisationEntity>): Promise<OrganisationEntity> {
    return this.manager.save(this.manager.merge(OrganisationEntity, entity, changes));
  }

  /** Gives the user (found by e-mail, or created) the role in the organisation, in one transaction. */
  setMembership(email: string, displayName: string, organisationId: string, role: MembershipRole): Promise<MembershipEntity> {
    return this.manager.transaction(async (tx) => {
      const user = (await tx.findOneBy(UserEntity, { email })) ?? (await tx.save(tx.create(UserEntity, { email, displayName })));
      const existing = await tx.findOneBy(MembershipEntity, { userId: user.id, organisationId });
      if (existing) return tx.save(tx.merge(MembershipEntity, existing, { role }));
      return tx.save(tx.create(MembershipEntity, { userId: user.id, organisationId, role }));
    });
  }

  findMembership(id: string): Promise<MembershipEntity | null> {
    return this.manager.findOneBy(MembershipEntity, { id });
  }

  async deleteMembership(id: string): Promise<void> {
    await this.manager.delete(MembershipEntity, { id });
  }

  findUserOrFail(id: string): Promise<UserEntity> {
    return this.manager.findOneByOrFail(UserEntity, { id });
  }

  /** The user's memberships, oldest first. */
  membershipsOf(userId: string): Promise<MembershipEntity[]> {
    return this.manager.find(MembershipEntity, { where: { userId }, order: { createdAt: 'ASC' } });
  }
}
