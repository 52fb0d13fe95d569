import { Injectable } from '@nestjs/common';
import { MembershipEntity, OrganisationEntity } from '@stagebank/persistence';
import { policy } from '../auth/policy';
import type { Viewer } from '../auth/viewer';
import { Connection, mapConnection } from '../common/pagination';
import { StagebankError } from '../common/stagebank.error';
import { OrganisationRepository } from './organisation.repository';
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
  constructor(private readonly repository: OrganisationRepository) {}

  async get(id: string): Promise<Organisation> {
    const entity = await this.repository.find(id);
    if (!entity) throw StagebankError.notFound('Organisation', id);
    return toOrganisation(entity);
  }

  async list({ filter, ...page }: OrganisationsArgs): Promise<Connection<Organisation>> {
    return mapConnection(await this.repository.list(filter, page), toOrganisation);
  }

  async create(viewer: Viewer, input: CreateOrganisationInput): Promise<Organisation> {
    policy.assertNetworkAdmin(viewer);
    return toOrganisation(await this.repository.insert({ ...input, name: input.name.trim() }));
  }

  async update(viewer: Viewer, id: string, input: UpdateOrganisationInput): Promise<Organisation> {
    policy.assertCanManageOrganisation(viewer, id);
    const entity = await this.repository.find(id);
    if (!entity) throw StagebankError.notFound('Organisation', id);
    return toOrganisation(await this.repository.update(entity, input));
  }

  /** Adds a user (created on first sight, matched by e-mail) to an organisation with a role. */
  async addMember(viewer: Viewer, input: AddMemberInput): Promise<MembershipEntity> {
    policy.assertCanManageOrganisation(viewer, input.organisationId);
    await this.get(input.organisationId);
    return this.repository.setMembership(input.email.trim().toLowerCase(), input.displayName.trim(), input.organisationId, input.role);
  }

  async removeMember(viewer: Viewer, membershipId: string): Promise<boolean> {
    const membership = await this.repository.findMembership(membershipId);
    if (!membership) throw StagebankError.notFound('Membership', membershipId);
    policy.assertCanManageOrganisation(viewer, membership.organisationId);
    await this.repository.deleteMembership(membershipId);
    return true;
  }

  async me(viewer: Viewer): Promise<Me> {
    const user = await this.repository.findUserOrFail(viewer.userId);
    const memberships = await this.repository.membershipsOf(viewer.userId);
    const organisations = await this.repository.findMany(memberships.map((m) => m.organisationId));
    // An API key acts for its organisation even after its creator left it (no membership there).
    const current = organisations.find((o) => o.id === viewer.organisationId) ?? (await this.repository.findOrFail(viewer.organisationId));
    return {
      user: { id: user.id, displayName: user.displayName },
      email: user.email,
      organisation: toOrganisation(current),
      role: viewer.role,
      memberships,
    };
  }
}
