import { ApiKeyScope, LabourMarketRegion, MembershipRole, OrganisationKind } from '@stagebank/domain';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Timestamped, oneOf } from './columns';

@Entity()
@Check(oneOf('kind', OrganisationKind))
@Check('"hold_expiry_days" BETWEEN 1 AND 90')
@Check(oneOf('region', LabourMarketRegion))
export class OrganisationEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  kind: OrganisationKind;

  @Column('text')
  region: LabourMarketRegion;

  /** How long a PROPOSED internship of this organisation holds its seat before it expires. */
  @Column('int', { default: 14 })
  holdExpiryDays: number;
}

@Entity('app_user')
export class UserEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  displayName: string;

  /** Stored lower-cased. */
  @Index({ unique: true })
  @Column('text')
  email: string;

  /** The OpenID Connect subject (`iss` + `sub`) this user signs in as; recorded at the first sign-in. */
  @Index({ unique: true, where: '"oidc_subject" IS NOT NULL' })
  @Column('text', { nullable: true })
  oidcSubject: string | null;
}

/** A user's role in one organisation; a coach can work for two schools at once. */
@Entity()
@Unique(['userId', 'organisationId'])
@Check(oneOf('role', MembershipRole))
export class MembershipEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  user: UserEntity;

  @Index()
  @Column('uuid')
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation: OrganisationEntity;

  @Column('text')
  role: MembershipRole;
}

/**
 * A key another tool uses instead of a person's token: it acts for one organisation, read-only or
 * read-write. Only a SHA-256 hash of the secret is kept; the secret is shown once, at creation.
 */
@Entity()
@Check(oneOf('scope', ApiKeyScope))
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation: OrganisationEntity;

  @Column('text')
  name: string;

  @Column('text')
  scope: ApiKeyScope;

  /** SHA-256 of the secret, hex. */
  @Index({ unique: true })
  @Column('text')
  secretHash: string;

  /** The first characters of the key, to recognise it in a list. */
  @Column('text')
  prefix: string;

  @Column('uuid')
  createdByUserId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  createdByUser: UserEntity;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  /** Granted explicitly: without it the key reads no student profile, internship or match for a student. */
  @Column('boolean', { default: false })
  studentAccess: boolean;
}
