import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DateColumn } from './columns';
import { OrganisationEntity, UserEntity } from './organisation.entity';
import { StudentProfileEntity } from './student.entity';

/**
 * A cohort plan: a proposal for a group of students, kept so it can be read again and accepted.
 * It holds only figures per school (no student); each student's line is a CohortPlanEntryEntity,
 * private to the student's own organisation.
 */
@Entity()
export class CohortPlanEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The organisation that asked for the plan (a school, or the network admin's organisation for a regional round). */
  @Index()
  @Column('uuid')
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation: OrganisationEntity;

  @Column('uuid', { nullable: true })
  createdByUserId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  createdByUser: UserEntity | null;

  /** Set for a regional round (arbeidsmarktregio); null for one school's group. */
  @Column('text', { nullable: true })
  region: string | null;

  @DateColumn()
  periodFrom: string;

  @DateColumn()
  periodTo: string;

  /** The objective, settings, totals, fairness report and per-school figures (no student). */
  @Column('jsonb')
  summary: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One student's line of a plan: what they got and why; private to their organisation (row-level security). */
@Entity()
export class CohortPlanEntryEntity {
  @PrimaryColumn('uuid')
  planId: string;

  @ManyToOne(() => CohortPlanEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  plan: CohortPlanEntity;

  @PrimaryColumn('uuid')
  studentId: string;

  @ManyToOne(() => StudentProfileEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  student: StudentProfileEntity;

  @Index()
  @Column('uuid')
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation: OrganisationEntity;

  @Column('text')
  outcome: string;

  @Column('uuid', { nullable: true })
  placementId: string | null;

  /** The candidate, the reason when not placed, and why not a higher one (other schools by id, never their students). */
  @Column('jsonb')
  detail: Record<string, unknown>;

  /** Set once acceptCohortPlan created the proposed internship. */
  @Column('uuid', { nullable: true })
  internshipId: string | null;
}

/**
 * A saved group of a school's students (a class, a year, "September's group"), to plan together
 * again. School-private like the students themselves (row-level security); its members go with a
 * student who is erased (the foreign key cascades).
 */
@Entity()
@Index(['organisationId', 'name'], { unique: true })
export class StudentGroupEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation: OrganisationEntity;

  @Column('text')
  name: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** One student in a saved group. */
@Entity()
export class StudentGroupMemberEntity {
  @PrimaryColumn('uuid')
  groupId: string;

  @ManyToOne(() => StudentGroupEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  group: StudentGroupEntity;

  @PrimaryColumn('uuid')
  studentId: string;

  @ManyToOne(() => StudentProfileEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  student: StudentProfileEntity;

  @Index()
  @Column('uuid')
  organisationId: string;
}
