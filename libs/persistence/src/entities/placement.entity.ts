import { Audience, Certificate, Demand, PaidJobChance, PlacementType, Qualification, Sector, SubSector, SupportLevel, Weekday } from '@stagebank/domain';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DateColumn, TextArrayColumn, Timestamped, allOf, oneOf } from './columns';
import { SiteEntity } from './employer.entity';
import { OrganisationEntity, UserEntity } from './organisation.entity';

/** Stageplek / leerwerkplek at one site. */
@Entity()
@Check(oneOf('sector', Sector))
@Check(oneOf('type', PlacementType))
@Check(oneOf('physical_demand', Demand))
@Check(oneOf('mental_demand', Demand))
@Check(oneOf('paid_job_chance', PaidJobChance))
@Check(oneOf('supervision_level', SupportLevel))
@Check(allOf('audiences', Audience))
@Check(allOf('days', Weekday))
@Check(allOf('required_certificates', Certificate))
@Check(allOf('tags', SubSector))
@Check('"seats" >= 0')
@Check('"hours_per_week" > 0 AND "hours_per_week" <= 60')
@Check('"available_until" IS NULL OR "available_until" >= "available_from"')
@Check(`"crebo" IS NULL OR "crebo" ~ '^[0-9]{5}$'`)
@Check('"reserved_for_organisation_id" IS NULL OR "reserved_until" IS NOT NULL')
export class PlacementEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  siteId: string;

  @ManyToOne(() => SiteEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  site: SiteEntity;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  description: string;

  @TextArrayColumn()
  tasks: string[];

  @Index()
  @Column('text')
  sector: Sector;

  /** Sub-sectors (a garden centre in retail): close alternatives for students preferring another sector. */
  @TextArrayColumn()
  tags: SubSector[];

  @Column('text')
  type: PlacementType;

  @Column('int')
  seats: number;

  @TextArrayColumn()
  days: Weekday[];

  @Column('numeric', { precision: 4, scale: 1, transformer: { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  hoursPerWeek: number;

  @Column('boolean', { default: false })
  weekendWork: boolean;

  @Column('boolean', { default: false })
  holidayWork: boolean;

  @Column('text', { default: Demand.MEDIUM })
  physicalDemand: Demand;

  @Column('text', { default: Demand.MEDIUM })
  mentalDemand: Demand;

  @Column('boolean', { default: false })
  customerContact: boolean;

  /** A calm workplace with few stimuli (prikkelarm). */
  @Column('boolean', { default: false })
  quietWorkplace: boolean;

  @TextArrayColumn()
  requiredCertificates: Certificate[];

  /** Diplomas a student must hold (by crebo and level, or by name); certificates are separate. */
  @Column('jsonb', { default: () => "'[]'" })
  requiredQualifications: Qualification[];

  @Column('boolean', { default: false })
  allowancePaid: boolean;

  @Column('text', { default: PaidJobChance.NONE })
  paidJobChance: PaidJobChance;

  @TextArrayColumn()
  audiences: Audience[];

  /** When a coach who visited verified that the placement suits its audiences; null while it is only declared. */
  @Column('timestamptz', { nullable: true })
  audiencesVerifiedAt: Date | null;

  @Column('uuid', { nullable: true })
  audiencesVerifiedByUserId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  audiencesVerifiedByUser: UserEntity | null;

  /** The most intensive supervision the placement offers. */
  @Column('text')
  supervisionLevel: SupportLevel;

  /** Group placements come with a supervisor from the school. */
  @Column('boolean', { default: false })
  schoolSupervisorRequired: boolean;

  @Column('text', { nullable: true })
  crebo: string | null;

  @TextArrayColumn()
  werkprocessen: string[];

  @DateColumn()
  availableFrom: string;

  @DateColumn({ nullable: true })
  availableUntil: string | null;

  @Column('timestamptz', { nullable: true })
  lastVerifiedAt: Date | null;

  /**
   * Reserved for the school or initiative that recruited the employer, up to and including
   * `reservedUntil`; from the day after, the placement is open to all. Judged against the day asked
   * about (matching: the period's start; search: today), so nothing runs when a reservation ends.
   */
  @Column('uuid', { nullable: true })
  reservedForOrganisationId: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  reservedForOrganisation?: OrganisationEntity;

  @DateColumn({ nullable: true })
  reservedUntil: string | null;
}
