import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An insurance undertaking: a business, not a data subject; its register holds no personal data. */
@Entity({ name: 'insurer' })
export class InsurerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Polish tax id, 10 digits with a check digit. */
  @Column({ type: 'text' })
  nip!: string;

  /** National Court Register number, 10 digits, when known. */
  @Column({ type: 'text', nullable: true })
  krs!: string | null;

  /** Where data-subject requests about data processed for this insurer are referred. */
  @Column({ type: 'text' })
  dsrContactEmail!: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
