import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An insurer's offer on an offer request, or its refusal (status 'declined', with the reason). */
@Entity({ name: 'quote' })
export class QuoteEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  offerRequestId!: string;

  @Column({ type: 'uuid' })
  insurerId!: string;

  @Column({ type: 'text' })
  status!: 'offered' | 'declined';

  @Column({ type: 'text', nullable: true })
  productName!: string | null;

  /** Amounts in minor units. */
  @Column({ type: 'bigint', nullable: true })
  premium!: string | null;

  @Column({ type: 'bigint', nullable: true })
  sumInsured!: string | null;

  @Column({ type: 'bigint', nullable: true })
  deductible!: string | null;

  @Column({ type: 'text', default: 'PLN' })
  currency!: string;

  /** [{code, limit}] with limits in minor units. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  coverages!: Array<{ code: string; limit: number }>;

  @Column({ type: 'date', nullable: true })
  validUntil!: string | null;

  /** Commission as basis points of the premium. */
  @Column({ type: 'integer', nullable: true })
  commissionRateBp!: number | null;

  @Column({ type: 'text', nullable: true })
  declineReason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
