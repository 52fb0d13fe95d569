import { Args, ArgsType, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { AuditRow, AuditService } from './audit.service';

/** Every audited table (migrations Audit and Collaboration), and student-profile reads. */
const ENTITIES = [
  'employer',
  'placement',
  'internship',
  'sbb_recognition',
  'boris_flag',
  'contact_person',
  'employer_note',
  'experience',
  'employer_approach',
  'employer_hosting_interest',
  'site',
  'supervisor',
  'student_profile',
];

@ObjectType({ description: 'One change to audited data (with the row before and after), or one read of a student profile.' })
export class AuditEntry {
  @Field(() => ID)
  id: string;

  @Field()
  at: Date;

  @Field(() => ID, { nullable: true, description: 'Null for changes made outside a request (seed, retention).' })
  actorUserId: string | null;

  @Field(() => ID, { nullable: true })
  actorOrganisationId: string | null;

  @Field(() => ID, { nullable: true, description: 'Set when an API key acted.' })
  actorApiKeyId: string | null;

  @Field(() => ID, { nullable: true, description: 'Set when the employer itself acted, through its own link (actorEmployerLinkId).' })
  actorEmployerId: string | null;

  @Field(() => ID, { nullable: true, description: "The employer's link it acted through." })
  actorEmployerLinkId: string | null;

  @Field({ description: 'INSERT, UPDATE, DELETE or READ.' })
  action: string;

  @Field({ description: `One of ${ENTITIES.join(', ')}.` })
  entity: string;

  @Field(() => ID)
  entityId: string;

  @Field(() => GraphQLJSONObject, { nullable: true })
  before: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  after: Record<string, unknown> | null;
}

@ArgsType()
export class AuditLogArgs {
  @Field({ nullable: true })
  @IsOptional()
  @IsIn(ENTITIES)
  entity?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  actorUserId?: string;

  @Field(() => Int, { defaultValue: 50, description: '1–100, newest first.' })
  @IsInt()
  @Min(1)
  @Max(100)
  first: number = 50;

  @Field({ nullable: true, description: 'Entries older than this entry id (the last id of the previous page).' })
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  before?: string;
}

const toEntry = (r: AuditRow): AuditEntry => ({
  id: String(r.id),
  at: r.at,
  actorUserId: r.actor_user_id,
  actorOrganisationId: r.actor_organisation_id,
  actorApiKeyId: r.actor_api_key_id,
  actorEmployerId: r.actor_employer_id,
  actorEmployerLinkId: r.actor_employer_link_id,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  before: r.before,
  after: r.after,
});

@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => [AuditEntry], {
    description: "Admins: the audit log, newest first. School admins see their organisation's part; network admins the shared network.",
  })
  async auditLog(@CurrentViewer() viewer: Viewer, @Args() args: AuditLogArgs): Promise<AuditEntry[]> {
    const { first, before, ...filter } = args;
    return (await this.audit.list(viewer, filter, first, before ?? null)).map(toEntry);
  }
}
