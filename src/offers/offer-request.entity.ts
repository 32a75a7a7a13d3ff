import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A demands-and-needs analysis: what the client needs covered, before offers are presented. */
@Entity({ name: 'offer_request' })
export class OfferRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  clientId!: string;

  @Column({ type: 'text' })
  lineOfBusiness!: string;

  /** Coverage codes of the line of business. */
  @Column({ type: 'text', array: true })
  requiredCoverages!: string[];

  /** Minor units. */
  @Column({ type: 'bigint', nullable: true })
  maxPremium!: string | null;

  @Column({ type: 'text', default: 'PLN' })
  currency!: string;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'text', default: 'open' })
  status!: 'open' | 'concluded';

  /** Set on a renewal: the contract it renews. */
  @Column({ type: 'uuid', nullable: true })
  renewsContractId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
