import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A concluded insurance contract. Its status (pending, active, ended, cancelled) is not stored:
 * queries derive it from the dates and the cancellation, so no job has to flip it.
 */
@Entity({ name: 'contract' })
export class ContractEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  clientId!: string;

  @Column({ type: 'uuid' })
  insurerId!: string;

  @Column({ type: 'uuid', nullable: true })
  offerRequestId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  quoteId!: string | null;

  @Column({ type: 'text' })
  lineOfBusiness!: string;

  /** Unique per insurer. */
  @Column({ type: 'text' })
  policyNumber!: string;

  @Column({ type: 'text' })
  productName!: string;

  @Column({ type: 'date' })
  startDate!: string;

  /** Last day of cover. */
  @Column({ type: 'date' })
  endDate!: string;

  /** Amounts in minor units. */
  @Column({ type: 'bigint' })
  premium!: string;

  @Column({ type: 'integer' })
  commissionRateBp!: number;

  @Column({ type: 'bigint' })
  commission!: string;

  @Column({ type: 'bigint' })
  sumInsured!: string;

  @Column({ type: 'bigint' })
  deductible!: string;

  @Column({ type: 'text', default: 'PLN' })
  currency!: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  coverages!: Array<{ code: string; limit: number }>;

  /** The broker's written recommendation; contracts taken over from before the system may lack one. */
  @Column({ type: 'text', nullable: true })
  recommendation!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  cancellationReason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  cancelledBy!: string | null;

  @Column({ type: 'uuid', nullable: true })
  concludedBy!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
