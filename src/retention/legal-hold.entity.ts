import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A legal hold: a client's data is needed for a claim, so neither the retention sweep nor an
 * erasure request may remove it until the hold is released. Released holds stay as history.
 */
@Entity({ name: 'legal_hold' })
export class LegalHoldEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  clientId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'uuid', nullable: true })
  placedBy!: string | null;

  /** The purpose under which the hold was placed (claims). */
  @Column({ type: 'text' })
  placedUnder!: string;

  @Column({ type: 'timestamptz' })
  placedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  releasedBy!: string | null;
}
