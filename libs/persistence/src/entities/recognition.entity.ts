import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DateColumn, TextArrayColumn } from './columns';
import { EmployerEntity } from './employer.entity';
import { UserEntity } from './organisation.entity';

/** SBB recognition as erkend leerbedrijf for one or more crebo qualifications; reassessed every 4 years, can be withdrawn. */
@Entity('sbb_recognition')
@Check('"valid_until" IS NULL OR "valid_until" >= "valid_from"')
@Check(`array_length("crebo_codes", 1) >= 1`)
export class RecognitionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  employerId: string;

  @ManyToOne(() => EmployerEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  employer: EmployerEntity;

  /** SBB's leerbedrijf-ID. */
  @Column('text')
  leerbedrijfId: string;

  @TextArrayColumn()
  creboCodes: string[];

  @DateColumn()
  validFrom: string;

  @DateColumn({ nullable: true })
  validUntil: string | null;

  @Column('uuid')
  setByUserId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn()
  setByUser: UserEntity;

  @Column('timestamptz', { default: () => 'now()' })
  setAt: Date;

  @Column('timestamptz', { nullable: true })
  withdrawnAt: Date | null;

  @Column('uuid', { nullable: true })
  withdrawnByUserId: string | null;

  @ManyToOne(() => UserEntity)
  @JoinColumn()
  withdrawnByUser: UserEntity | null;

  @Column('text', { nullable: true })
  withdrawalReason: string | null;
}

/**
 * The Boris kenmerk: a recognised company open to PrO/VSO students. One row per period the
 * flag was set, so the history shows who set and cleared it when.
 */
@Entity()
@Index(['employerId'], { unique: true, where: '"cleared_at" IS NULL' })
export class BorisFlagEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  employerId: string;

  @ManyToOne(() => EmployerEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  employer: EmployerEntity;

  @Column('uuid')
  setByUserId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn()
  setByUser: UserEntity;

  @Column('timestamptz', { default: () => 'now()' })
  setAt: Date;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('timestamptz', { nullable: true })
  clearedAt: Date | null;

  @Column('uuid', { nullable: true })
  clearedByUserId: string | null;

  @ManyToOne(() => UserEntity)
  @JoinColumn()
  clearedByUser: UserEntity | null;
}
