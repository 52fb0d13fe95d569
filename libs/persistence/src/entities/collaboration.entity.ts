import { ApproachOutcome } from '@stagebank/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DateColumn, Timestamped, oneOf } from './columns';
import { EmployerEntity, SiteEntity } from './employer.entity';
import { OrganisationEntity, UserEntity } from './organisation.entity';
import { InternshipEntity } from './student.entity';

/** Shared work on an employer: who wrote it, for which organisation. */
abstract class Authored {
  @Index()
  @Column('uuid')
  employerId: string;

  @ManyToOne(() => EmployerEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  employer: EmployerEntity;

  @Column('uuid')
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation: OrganisationEntity;

  @Column('uuid', { nullable: true })
  userId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  user: UserEntity | null;
}

/** A person to call at an employer or one of its sites; shared across the network. */
@Entity()
@Check(`"phone" IS NOT NULL OR "email" IS NOT NULL`)
export class ContactPersonEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  employerId: string;

  @ManyToOne(() => EmployerEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  employer: EmployerEntity;

  @Column('uuid', { nullable: true })
  siteId: string | null;

  @ManyToOne(() => SiteEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  site: SiteEntity | null;

  @Column('text')
  name: string;

  /** E.g. "bedrijfsleider", "HR", "leermeester". */
  @Column('text', { nullable: true })
  role: string | null;

  /** E.164, e.g. +31612345678. */
  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('uuid', { nullable: true })
  createdByOrganisationId: string | null;
}

/** A free-text note on an employer, visible to every member of the network. */
@Entity()
export class EmployerNoteEntity extends Authored {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  text: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A school's structured experience with an employer, 1–5 on three questions, optionally about one internship. */
@Entity()
@Check(`"supervision_quality" BETWEEN 1 AND 5 AND "audience_fit" BETWEEN 1 AND 5 AND "would_place_again" BETWEEN 1 AND 5`)
@Index(['internshipId'], { unique: true, where: '"internship_id" IS NOT NULL' })
export class ExperienceEntity extends Authored {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { nullable: true })
  internshipId: string | null;

  @ManyToOne(() => InternshipEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  internship: InternshipEntity | null;

  @Column('smallint')
  supervisionQuality: number;

  @Column('smallint')
  audienceFit: number;

  @Column('smallint')
  wouldPlaceAgain: number;

  @Column('text', { nullable: true })
  text: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A coach is approaching an employer (for a student, a new placement, a visit) from `since` until `until`. */
@Entity()
@Check(`"until" >= "since"`)
@Check(oneOf('outcome', ApproachOutcome))
@Check(`("outcome" = 'BUSY_UNTIL') = ("busy_until" IS NOT NULL)`)
export class EmployerApproachEntity extends Authored {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  purpose: string;

  @DateColumn()
  since: string;

  @DateColumn()
  until: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Set when the coach is done before `until`. */
  @Column('timestamptz', { nullable: true })
  endedAt: Date | null;

  /** How it ended, when the coach said (endEmployerApproach). */
  @Column('text', { nullable: true })
  outcome: ApproachOutcome | null;

  /** BUSY_UNTIL: the employer asked to be left alone until this day. */
  @DateColumn({ nullable: true })
  busyUntil: string | null;

  @Column('text', { nullable: true })
  outcomeNote: string | null;
}
