import { AwardKind, Destination, EarlyEndReason } from '@stagebank/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { DateColumn, TextArrayColumn, oneOf } from './columns';
import { UserEntity } from './organisation.entity';
import { InternshipEntity, StudentProfileEntity } from './student.entity';

/** School-private (row-level security on organisation_id), like the internship it belongs to. */
abstract class OfInternship {
  @Index()
  @Column('uuid')
  internshipId: string;

  @ManyToOne(() => InternshipEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  internship: InternshipEntity;

  @Column('uuid')
  organisationId: string;
}

/** A progress evaluation: on which werkprocessen the student is where, by whom, when. */
@Entity()
export class InternshipEvaluationEntity extends OfInternship {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @DateColumn()
  evaluatedOn: string;

  @Column('uuid', { nullable: true })
  evaluatorUserId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  evaluatorUser: UserEntity | null;

  /** [{ werkproces: "B1-K1-W1", progress: "MASTERED" }] */
  @Column('jsonb', { default: () => "'[]'" })
  werkprocessen: Array<{ werkproces: string; progress: string }>;

  @Column('text', { nullable: true })
  text: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** How an internship ended for the student: where they went, and why it ended early if it did. */
@Entity()
@Check(oneOf('destination', Destination))
@Check(oneOf('early_end_reason', EarlyEndReason))
export class InternshipOutcomeEntity {
  @PrimaryColumn('uuid')
  internshipId: string;

  @OneToOne(() => InternshipEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  internship: InternshipEntity;

  @Index()
  @Column('uuid')
  organisationId: string;

  @Column('text')
  destination: Destination;

  @Column('text', { nullable: true })
  earlyEndReason: EarlyEndReason | null;

  @Column('uuid', { nullable: true })
  recordedByUserId: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  recordedAt: Date;
}

/** A praktijkverklaring: werkprocessen of one crebo mastered, issued by an mbo school. */
@Entity()
@Check(`"crebo" ~ '^[0-9]{5}$'`)
export class PraktijkverklaringEntity extends OfInternship {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  crebo: string;

  @TextArrayColumn()
  werkprocessen: string[];

  @DateColumn()
  issuedOn: string;

  @Column('text')
  issuingSchool: string;
}

/** A certificate earned during the internship. */
@Entity()
@Check(oneOf('kind', AwardKind))
@Check(`"kind" <> 'OTHER' OR "name" IS NOT NULL`)
export class CertificateAwardEntity extends OfInternship {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  kind: AwardKind;

  /** For OTHER: what it is. */
  @Column('text', { nullable: true })
  name: string | null;

  @DateColumn()
  issuedOn: string;
}

/** A dated check-in after the student left: where they are now (UNKNOWN is an answer). */
@Entity()
@Check(oneOf('situation', Destination))
export class FollowUpEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  studentId: string;

  @ManyToOne(() => StudentProfileEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  student: StudentProfileEntity;

  @Index()
  @Column('uuid')
  organisationId: string;

  @DateColumn()
  checkedOn: string;

  @Column('text')
  situation: Destination;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('uuid', { nullable: true })
  recordedByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
