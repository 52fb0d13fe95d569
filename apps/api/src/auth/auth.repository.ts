import { Injectable } from '@nestjs/common';
import { MembershipRole, OrganisationKind } from '@stagebank/domain';
import { ApiKeyEntity, MembershipEntity, UserEntity } from '@stagebank/persistence';
import { IsNull } from 'typeorm';
import { AreaRepository } from '../common/repository';

/**
 * Authentication's SQL: users, their memberships and API keys, as the Authenticator and
 * `npm run token` read them (see ARCHITECTURE.md, "Where SQL lives"). Memberships have no
 * row-level security, so a caller may read them in whatever scope its connection is.
 */
@Injectable()
export class AuthRepository extends AreaRepository {
  /** The user's role in the organisation and the organisation's kind, or undefined when not a member. */
  async membership(userId: string, organisationId: string): Promise<{ role: MembershipRole; kind: OrganisationKind } | undefined> {
    // One plain statement (TypeORM's findOne with a relation makes two, and builds them each time).
    const [membership] = (await this.manager.query(
      `SELECT m.role, o.kind FROM membership m JOIN organisation o ON o.id = m.organisation_id WHERE m.user_id = $1 AND m.organisation_id = $2`,
      [userId, organisationId],
    )) as Array<{ role: MembershipRole; kind: OrganisationKind }>;
    return membership;
  }

  /** The user's memberships with their organisations, in no particular order. */
  membershipsOf(userId: string): Promise<MembershipEntity[]> {
    return this.manager.getRepository(MembershipEntity).find({ where: { userId }, relations: { organisation: true } });
  }

  /** The user's memberships with their organisations, by organisation name. */
  membershipsOfByOrganisationName(userId: string): Promise<MembershipEntity[]> {
    return this.manager.getRepository(MembershipEntity).find({
      where: { userId },
      relations: { organisation: true },
      order: { organisation: { name: 'ASC' } },
    });
  }

  /** The API key with that secret's hash, with its organisation. */
  findApiKey(secretHash: string): Promise<ApiKeyEntity | null> {
    return this.manager.getRepository(ApiKeyEntity).findOne({ where: { secretHash }, relations: { organisation: true } });
  }

  async markApiKeyUsed(id: string, at: Date): Promise<void> {
    await this.manager.getRepository(ApiKeyEntity).update(id, { lastUsedAt: at });
  }

  findUser(id: string): Promise<UserEntity | null> {
    return this.manager.getRepository(UserEntity).findOneBy({ id });
  }

  findUserByEmail(email: string): Promise<UserEntity | null> {
    return this.manager.getRepository(UserEntity).findOneBy({ email });
  }

  findUserByOidcSubject(oidcSubject: string): Promise<UserEntity | null> {
    return this.manager.getRepository(UserEntity).findOneBy({ oidcSubject });
  }

  /** The user with that e-mail address whom no sign-in names yet. */
  findUnlinkedUserByEmail(email: string): Promise<UserEntity | null> {
    return this.manager.getRepository(UserEntity).findOneBy({ email, oidcSubject: IsNull() });
  }

  async linkOidcSubject(userId: string, oidcSubject: string): Promise<void> {
    await this.manager.getRepository(UserEntity).update(userId, { oidcSubject });
  }
}
