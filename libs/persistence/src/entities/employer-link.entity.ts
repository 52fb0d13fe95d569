import { LabourMarketRegion, LinkAnswer } from '@stagebank/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { oneOf } from './columns';
import { EmployerEntity } from './employer.entity';
import { OrganisationEntity } from './organisation.entity';

/** A yearly round of links for one region: every employer there nobody confirmed for a year gets one. */
@Entity()
@Unique(['region', 'schoolYear'])
@Check(oneOf('region', LabourMarketRegion))
export class EmployerLinkRoundEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  region: LabourMarketRegion;

  /** The school year the employers are asked about, e.g. "2027-2028". */
  @Column('text')
  schoolYear: string;

  /** Null when the yearly job started it. */
  @Column('uuid', { nullable: true })
  startedByUserId: string | null;

  /** The organisation the starter acted for: where they are told that links went out and that the report is ready. */
  @Column('uuid', { nullable: true })
  startedByOrganisationId: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  startedByOrganisation: OrganisationEntity | null;

  @CreateDateColumn({ type: 'timestamptz' })
  startedAt: Date;

  /**
   * When the report of who answered was declared ready: no link of the round can be answered any
   * more (each answered, expired or revoked). Cleared when a later start adds links.
   */
  @Column('timestamptz', { nullable: true })
  reportReadyAt: Date | null;
}

/**
 * A signed, expiring link that lets an employer keep its own listing current without an account.
 * The token is not stored: it is this row's id and expiry, signed (HMAC) with the server's secret;
 * the row says whether it was revoked and how the employer answered.
 */
@Entity()
@Index(['employerId'])
@Index(['roundId'])
@Check(oneOf('answer', LinkAnswer))
@Check(`"school_year" ~ '^[0-9]{4}-[0-9]{4}$'`)
export class EmployerLinkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  employerId: string;

  @ManyToOne(() => EmployerEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  employer: EmployerEntity;

  @Column('uuid', { nullable: true })
  roundId: string | null;

  @ManyToOne(() => EmployerLinkRoundEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  round: EmployerLinkRoundEntity | null;

  /** The coordinator who made it (null for a yearly round's). */
  @Column('uuid', { nullable: true })
  createdByUserId: string | null;

  @Column('uuid', { nullable: true })
  createdByOrganisationId: string | null;

  /** The school year the employer is asked about. */
  @Column('text')
  schoolYear: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Signed into the token too: a token with another expiry does not verify. */
  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  openedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  answeredAt: Date | null;

  @Column('text', { nullable: true })
  answer: LinkAnswer | null;
}
