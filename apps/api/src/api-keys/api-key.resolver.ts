import { Args, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { ApiKeyScope, MembershipRole } from '@stagebank/domain';
import { ApiKeyEntity } from '@stagebank/persistence';
import { IsBoolean, IsEnum, IsOptional, IsUUID, MaxLength, MinLength } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { ApiKeyRepository } from './api-key.repository';
import { AuditService } from '../audit/audit.service';
import { IdArg } from '../common/id-arg';
import { StagebankError } from '../common/stagebank.error';
import { API_KEY_PREFIX, hashApiKey } from '../auth/authenticator';
import { policy } from '../auth/policy';
import { CurrentViewer, Viewer } from '../auth/viewer';

@ObjectType({ description: 'A key another tool uses to act for an organisation. The secret itself is shown only once.' })
export class ApiKey {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  organisationId: string;

  @Field()
  name: string;

  @Field(() => ApiKeyScope)
  scope: ApiKeyScope;

  @Field({ description: 'The first characters of the key, to recognise it.' })
  prefix: string;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;

  @Field({ description: 'May read student profiles, internships and matches for students (granted explicitly; never write).' })
  studentAccess: boolean;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKey)
  key: ApiKey;

  @Field({ description: 'Send as "Authorization: Bearer <secret>". Shown now and never again; only a hash is kept.' })
  secret: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => ID, { nullable: true, description: 'Network admins name the organisation; others get a key for their own.' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @Field()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @Field(() => ApiKeyScope)
  @IsEnum(ApiKeyScope)
  scope: ApiKeyScope;

  @Field({ defaultValue: false, description: "Grant reading the organisation's student data; off unless asked for." })
  @IsBoolean()
  studentAccess: boolean;
}

const toApiKey = (k: ApiKeyEntity): ApiKey => ({
  id: k.id,
  organisationId: k.organisationId,
  name: k.name,
  scope: k.scope,
  prefix: k.prefix,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
  studentAccess: k.studentAccess,
});

/** What the audit keeps of a key: what it may do, never its secret or hash. */
const audited = (k: ApiKeyEntity) => ({ name: k.name, scope: k.scope, studentAccess: k.studentAccess, revokedAt: k.revokedAt });

/** API keys, managed by an organisation's admin (or a network admin). */
@Resolver(() => ApiKey)
export class ApiKeyResolver {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly audit: AuditService,
  ) {}

  @Query(() => [ApiKey], { description: "The organisation's API keys, newest first (admins)." })
  async apiKeys(@CurrentViewer() viewer: Viewer, @Args('organisationId', { type: () => ID, nullable: true }) organisationId?: string): Promise<ApiKey[]> {
    const org = organisationId ?? viewer.organisationId;
    policy.assertCanManageOrganisation(viewer, org);
    return (await this.keys.listForOrganisation(org)).map(toApiKey);
  }

  @Mutation(() => CreatedApiKey)
  async createApiKey(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const organisationId = input.organisationId ?? viewer.organisationId;
    policy.assertCanManageOrganisation(viewer, organisationId);
    const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const key = await this.keys.insert({
      organisationId,
      name: input.name,
      scope: input.scope,
      studentAccess: input.studentAccess,
      secretHash: hashApiKey(secret),
      prefix: secret.slice(0, 10),
      createdByUserId: viewer.userId,
    });
    await this.audit.recordApiKeyChange(viewer, 'INSERT', key, null, audited(key));
    return { key: toApiKey(key), secret };
  }

  @Mutation(() => ApiKey, { description: 'Stops the key from working at once.' })
  async revokeApiKey(@CurrentViewer() viewer: Viewer, @IdArg() id: string): Promise<ApiKey> {
    const key = await this.keys.find(id);
    // Another organisation's key answers as a missing one: the answer must not confirm it exists.
    const visible = key && (key.organisationId === viewer.organisationId || viewer.role === MembershipRole.NETWORK_ADMIN);
    if (!visible) throw StagebankError.notFound('API key', id);
    policy.assertCanManageOrganisation(viewer, key.organisationId);
    if (key.revokedAt) return toApiKey(key);
    await this.keys.revoke(id);
    const revoked = (await this.keys.find(id))!;
    await this.audit.recordApiKeyChange(viewer, 'UPDATE', revoked, audited(key), audited(revoked));
    return toApiKey(revoked);
  }
}
