import { Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { OrganisationEntity, UserEntity } from './organisation.entity';

/** An organisation's own matching weights (criterion → 0–100); absent means the defaults. */
@Entity()
export class MatchingWeightsEntity {
  @PrimaryColumn('uuid')
  organisationId: string;

  @OneToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation: OrganisationEntity;

  @Column('jsonb')
  weights: Record<string, number>;

  @Column('uuid', { nullable: true })
  updatedByUserId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn()
  updatedByUser: UserEntity | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
