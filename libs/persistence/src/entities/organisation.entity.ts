import { LabourMarketRegion, MembershipRole, OrganisationKind } from '@stagebank/domain';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Timestamped, oneOf } from './columns';

@Entity()
@Check(oneOf('kind', OrganisationKind))
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
