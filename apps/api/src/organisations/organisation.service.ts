import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MembershipEntity, OrganisationEntity, UserEntity } from '@stagebank/persistence';
import { DataSource, In, Repository } from 'typeorm';
import { policy } from '../auth/policy';
import type { Viewer } from '../auth/viewer';
import { Connection, paginate } from '../common/pagination';
import { StagebankError } from '../common/stagebank.error';
import { AddMemberInput, CreateOrganisationInput, Me, Organisation, OrganisationsArgs, UpdateOrganisationInput } from './organisation.types';

export const toOrganisation = (entity: OrganisationEntity): Organisation => ({
  id: entity.id,
  name: entity.name,
  kind: entity.kind,
  region: entity.region,
  holdExpiryDays: entity.holdExpiryDays,
  createdAt: entity.createdAt,
});

@Injectable()
export class OrganisationService {
  constructor(
    private readonly db: DataSource,
    @InjectRepository(OrganisationEntity) private readonly organisations: Repository<OrganisationEntity>,
    @InjectRepository(MembershipEntity) private readonly memberships: Repository<MembershipEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
  ) {}

  async get(id: string): Promise<Organisation> {
    const entity = await this.organisations.findOneBy({ id });
    if (!entity) throw StagebankError.notFound('Organisation', id);
    return toOrganisation(entity);
  }

  list({ filter, ...page }: OrganisationsArgs): Promise<Connection<Organisation>> {
    const query = this.organisations.createQueryBuilder('o');
    if (filter?.kinds?.length) query.andWhere('o.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter?.regions?.length) query.andWhere('o.region IN (:...regions)', { regions: filter.regions });
    return paginate(query, page, 'o.name', (o) => o.name, toOrganisation);
  }

  async create(viewer: Viewer, input: CreateOrganisationInput): Promise<Organisation> {
    policy.assertNetworkAdmin(viewer);
    return toOrganisation(await this.organisations.save(this.organisations.create({ ...input, name: input.name.trim() })));
  }

  async update(viewer: Viewer, id: string, input: UpdateOrganisationInput): Promise<Organisation> {
    policy.assertCanManageOrganisation(viewer, id);
    const entity = await this.organisations.findOneBy({ id });
    if (!entity) throw StagebankError.notFound('Organisation', id);
    return toOrganisation(await this.organisations.save(this.organisations.merge(entity, input)));
  }

  /** Adds a user (created on first sight, matched by e-mail) to an organisation with a role. */
  async addMember(viewer: Viewer, input: AddMemberInput): Promise<MembershipEntity> {
    policy.assertCanManageOrganisation(viewer, input.organisationId);
    await this.get(input.organisationId);
    return this.db.transaction(async (tx) => {
      const email = input.email.trim().toLowerCase();
      const user = (await tx.findOneBy(UserEntity, { email })) ?? (await tx.save(tx.create(UserEntity, { email, displayName: input.displayName.trim() })));
      const existing = await tx.findOneBy(MembershipEntity, { userId: user.id, organisationId: input.organisationId });
      if (existing) return tx.save(tx.merge(MembershipEntity, existing, { role: input.role }));
      return tx.save(tx.create(MembershipEntity, { userId: user.id, organisationId: input.organisationId, role: input.role }));
    });
  }

  async removeMember(viewer: Viewer, membershipId: string): Promise<boolean> {
    const membership = await this.memberships.findOneBy({ id: membershipId });
    if (!membership) throw StagebankError.notFound('Membership', membershipId);
    policy.assertCanManageOrganisation(viewer, membership.organisationId);
    await this.memberships.delete({ id: membershipId });
    return true;
  }

  async me(viewer: Viewer): Promise<Me> {
    const user = await this.users.findOneByOrFail({ id: viewer.userId });
    const memberships = await this.memberships.find({ where: { userId: viewer.userId }, order: { createdAt: 'ASC' } });
    const organisations = await this.organisations.findBy({ id: In(memberships.map((m) => m.organisationId)) });
    // An API key acts for its organisation even after its creator left it (no membership there).
    const current = organisations.find((o) => o.id === viewer.organisationId) ?? (await this.organisations.findOneByOrFail({ id: viewer.organisationId }));
    return {
      user: { id: user.id, displayName: user.displayName },
      email: user.email,
      organisation: toOrganisation(current),
      role: viewer.role,
      memberships,
    };
  }
}
