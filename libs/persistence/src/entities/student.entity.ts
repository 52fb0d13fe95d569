import { Certificate, ExitProfile, InternshipStatus, Qualification, Sector, StudentConstraint, SupportLevel, TravelMode, Weekday } from '@stagebank/domain';
import type { Point } from 'typeorm';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DateColumn, PointColumn, TextArrayColumn, Timestamped, allOf, oneOf } from './columns';
import { PlacementEntity } from './placement.entity';
import { OrganisationEntity, UserEntity } from './organisation.entity';

/**
 * A pseudonymous student or participant, private to the organisation where they are enrolled.
 * Holds no name: `code` is the school's own pseudonym.
 */
@Entity()
@Unique(['organisationId', 'code'])
@Check(oneOf('travel_mode', TravelMode))
@Check(oneOf('support_need', SupportLevel))
@Check(`"exit_profile" IS NULL OR ${oneOf('exit_profile', ExitProfile)}`)
@Check(allOf('sector_preferences', Sector))
@Check(allOf('constraints', StudentConstraint))
@Check(allOf('certificates', Certificate))
@Check(allOf('available_days', Weekday))
@Check('"max_travel_km" > 0 AND "max_travel_km" <= 200')
@Check(`"target_crebo" IS NULL OR "target_crebo" ~ '^[0-9]{5}$'`)
export class StudentProfileEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation: OrganisationEntity;

  @Column('text')
  code: string;

  @Column('text')
  homePostcode: string;

  @Column('text')
  homePlace: string;

  @PointColumn()
  homeLocation: Point;

  @Column('text')
  travelMode: TravelMode;

  @Column('numeric', { precision: 5, scale: 1, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  maxTravelKm: number;

  @Column('int', { nullable: true })
  maxTravelMinutes: number | null;

  /** Ranked: the first is the favourite. */
  @TextArrayColumn()
  sectorPreferences: Sector[];

  @TextArrayColumn()
  interests: string[];

  @Column('text')
  supportNeed: SupportLevel;

  @TextArrayColumn()
  constraints: StudentConstraint[];

  @TextArrayColumn()
  certificates: Certificate[];

  /** Diplomas held (by crebo and level, or by name). */
  @Column('jsonb', { default: () => "'[]'" })
  qualifications: Qualification[];

  @Column('text', { nullable: true })
  exitProfile: ExitProfile | null;

  @Column('boolean', { default: false })
  finalYear: boolean;

  @Column('text', { nullable: true })
  targetCrebo: string | null;

  @TextArrayColumn()
  targetWerkprocessen: string[];

  @TextArrayColumn()
  availableDays: Weekday[];

  @DateColumn({ nullable: true })
  availableFrom: string | null;

  /** Left school or the initiative; starts the retention clock. */
  @DateColumn({ nullable: true })
  leftAt: string | null;
}

/** The occupancy of a seat: which student of which organisation, with which coach, for which period. */
@Entity()
@Index(['placementId', 'startDate', 'endDate'])
@Check(oneOf('status', InternshipStatus))
@Check('"end_date" >= "start_date"')
export class InternshipEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  placementId: string;

  @ManyToOne(() => PlacementEntity, { onDelete: 'RESTRICT' })
  @JoinColumn()
  placement: PlacementEntity;

  /** Null once the student's data has been erased: the seat history stays true. */
  @Index()
  @Column('uuid', { nullable: true })
  studentId: string | null;

  @ManyToOne(() => StudentProfileEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  student: StudentProfileEntity | null;

  /** The school or initiative where the student is enrolled. */
  @Index()
  @Column('uuid')
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn()
  organisation: OrganisationEntity;

  @Column('uuid', { nullable: true })
  coachUserId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  coachUser: UserEntity | null;

  @DateColumn()
  startDate: string;

  @DateColumn()
  endDate: string;

  @Column('text')
  status: InternshipStatus;

  @Column('text', { nullable: true })
  endReason: string | null;

  /** While PROPOSED: when the hold on the seat runs out and the hold sweep releases it (EXPIRED). */
  @Index({ where: `"status" = 'PROPOSED'` })
  @Column('timestamptz', { nullable: true })
  holdExpiresAt: Date | null;

  /** When the coach was reminded that the hold runs out (once per hold). */
  @Column('timestamptz', { nullable: true })
  holdRemindedAt: Date | null;

  /** When the coach was reminded, at the planned end, to record the outcome and an evaluation (once). */
  @Column('timestamptz', { nullable: true })
  endRemindedAt: Date | null;
}

/**
 * The seat an internship holds, without its student: the view seat_claim, which every organisation
 * may read (internships themselves are private to their organisation). Read-only; not synchronised.
 */
@Entity({ name: 'seat_claim', synchronize: false })
export class SeatClaimEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  placementId: string;

  @Column('uuid')
  organisationId: string;

  @Column('uuid', { nullable: true })
  coachUserId: string | null;

  @DateColumn()
  startDate: string;

  @DateColumn()
  endDate: string;

  @Column('text')
  status: InternshipStatus;
}
