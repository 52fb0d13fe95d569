import {
  EmployerKind,
  EmployerStatus,
  HostingInterest,
  LabourMarketRegion,
  NotHostingReason,
  Sector,
  SizeClass,
  SubSector,
  SupervisorRole,
  SupportLevel,
} from '@stagebank/domain';
import type { Point } from 'typeorm';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { DateColumn, PointColumn, TextArrayColumn, Timestamped, allOf, oneOf } from './columns';
import { OrganisationEntity, UserEntity } from './organisation.entity';

/** Werkgever / leerbedrijf: shared across the whole network. */
@Entity()
@Check(oneOf('kind', EmployerKind))
@Check(oneOf('size_class', SizeClass))
@Check(oneOf('status', EmployerStatus))
@Check('"max_approaches_per_month" BETWEEN 1 AND 100')
@Check(allOf('sectors', Sector))
@Check(allOf('tags', SubSector))
@Check(`"kvk_number" IS NULL OR "kvk_number" ~ '^[0-9]{8}$'`)
@Check(`"status" <> 'PAUSED' OR "paused_until" IS NOT NULL`)
// On stagebank_fold(name) (lower, unaccented): made by a migration, which TypeORM cannot describe.
@Index('employer_name_folded', { synchronize: false })
export class EmployerEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true, where: '"kvk_number" IS NOT NULL' })
  @Column('text', { nullable: true })
  kvkNumber: string | null;

  @Column('text')
  name: string;

  @Column('text')
  kind: EmployerKind;

  @Column('text')
  sizeClass: SizeClass;

  @TextArrayColumn()
  sectors: Sector[];

  /** Sub-sectors (a garden centre, a care home's restaurant): close alternatives; its placements inherit them. */
  @TextArrayColumn()
  tags: SubSector[];

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text', { nullable: true })
  website: string | null;

  @Column('text', { default: EmployerStatus.ACTIVE })
  status: EmployerStatus;

  @Column('text', { nullable: true })
  statusReason: string | null;

  @DateColumn({ nullable: true })
  pausedUntil: string | null;

  /** When someone last confirmed the details are still current. */
  @Column('timestamptz', { nullable: true })
  lastVerifiedAt: Date | null;

  /** The employer's own cap: how many approaches by coaches a month they can handle (null: no cap). */
  @Column('int', { nullable: true })
  maxApproachesPerMonth: number | null;

  /** The organisation whose coordinator added the employer. */
  @Column('uuid', { nullable: true })
  createdByOrganisationId: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  createdByOrganisation: OrganisationEntity | null;

  @OneToMany(() => SiteEntity, (site) => site.employer)
  sites: SiteEntity[];
}

/** A location of an employer (e.g. one of a care group's four restaurants). */
@Entity()
@Check(oneOf('region', LabourMarketRegion))
export class SiteEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  employerId: string;

  @ManyToOne(() => EmployerEntity, (employer) => employer.sites, { onDelete: 'CASCADE' })
  @JoinColumn()
  employer: EmployerEntity;

  @Column('text')
  name: string;

  @Column('text')
  street: string;

  @Column('text')
  houseNumber: string;

  /** Normalised "1234 AB". */
  @Column('text')
  postcode: string;

  @Column('text')
  place: string;

  /** Labour-market region; derived from the postcode by the database unless set (see regionOfPostcode). */
  @Index()
  @Column('text', { nullable: true })
  region: LabourMarketRegion | null;

  @Index({ spatial: true })
  @PointColumn()
  location: Point;

  @Column('boolean', { default: false })
  wheelchairAccessible: boolean;

  /** When a coach who visited verified wheelchairAccessible; null while it is only declared (by the employer or an import). */
  @Column('timestamptz', { nullable: true })
  wheelchairVerifiedAt: Date | null;

  @Column('uuid', { nullable: true })
  wheelchairVerifiedByUserId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  wheelchairVerifiedByUser: UserEntity | null;

  @OneToMany(() => SupervisorEntity, (supervisor) => supervisor.site)
  supervisors: SupervisorEntity[];
}

/** Leermeester, werkbegeleider or jobcoach at a site, and how many students they can guide at once. */
@Entity()
@Check(oneOf('role', SupervisorRole))
@Check(oneOf('intensity', SupportLevel))
@Check('"max_students" >= 0')
export class SupervisorEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  siteId: string;

  @ManyToOne(() => SiteEntity, (site) => site.supervisors, { onDelete: 'CASCADE' })
  @JoinColumn()
  site: SiteEntity;

  @Column('text', { nullable: true })
  name: string | null;

  @Column('text')
  role: SupervisorRole;

  @Column('boolean', { default: false })
  trained: boolean;

  /** E.g. "Leermeestertraining SBB 2024". */
  @Column('text', { nullable: true })
  training: string | null;

  /** When a coach who visited verified `trained` (and `training`); null while it is only declared. */
  @Column('timestamptz', { nullable: true })
  trainingVerifiedAt: Date | null;

  @Column('uuid', { nullable: true })
  trainingVerifiedByUserId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  trainingVerifiedByUser: UserEntity | null;

  @Column('int')
  maxStudents: number;

  /** The most intensive support this supervisor can give. */
  @Column('text')
  intensity: SupportLevel;
}

/**
 * Whether an employer means to host students in one school year, with the reasons when it does
 * not; set by a coordinator or by the employer through its own link (recordedByEmployerLinkId).
 */
@Entity()
@Unique(['employerId', 'schoolYear'])
@Check(oneOf('interest', HostingInterest))
@Check(allOf('reasons', NotHostingReason))
@Check(`"school_year" ~ '^[0-9]{4}-[0-9]{4}$'`)
export class EmployerHostingInterestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  employerId: string;

  @ManyToOne(() => EmployerEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  employer: EmployerEntity;

  /** "2027-2028". */
  @Column('text')
  schoolYear: string;

  @Column('text')
  interest: HostingInterest;

  @TextArrayColumn()
  reasons: NotHostingReason[];

  @Column('text', { nullable: true })
  note: string | null;

  /** The coordinator who recorded it; null when the employer did, through its link. */
  @Column('uuid', { nullable: true })
  recordedByUserId: string | null;

  @Column('uuid', { nullable: true })
  recordedByOrganisationId: string | null;

  /** Set when the employer recorded it itself, through this link. */
  @Column('uuid', { nullable: true })
  recordedByEmployerLinkId: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
