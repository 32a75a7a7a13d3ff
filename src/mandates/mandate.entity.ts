import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const MANDATE_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'address',
  'dateOfBirth',
  'pesel',
] as const;
export type MandateField = (typeof MANDATE_FIELDS)[number];
export const MANDATE_END_ACTIONS = ['delete', 'return'] as const;
export type MandateEndAction = (typeof MANDATE_END_ACTIONS)[number];

/**
 * An entrustment agreement (art. 28 GDPR) with one insurer. Its metadata lives in the main schema;
 * the persons processed under it live in schema `mandate`, out of the application role's reach.
 */
@Entity({ name: 'mandate' })
export class MandateEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  insurerId!: string;

  @Column({ type: 'text' })
  reference!: string;

  @Column({ type: 'date' })
  validFrom!: string;

  @Column({ type: 'date' })
  validTo!: string;

  /** The personal fields the insurer allows the broker to process. */
  @Column({ type: 'text', array: true })
  fields!: MandateField[];

  @Column({ type: 'text' })
  endAction!: MandateEndAction;

  @Column({ type: 'text', default: 'active' })
  status!: 'active' | 'ended';

  @Column({ type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  endedBy!: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

/** Staff who may work under a mandate. */
@Entity({ name: 'mandate_member' })
export class MandateMemberEntity {
  @PrimaryColumn({ type: 'uuid' })
  mandateId!: string;

  @PrimaryColumn({ type: 'uuid' })
  staffId!: string;

  @Column({ type: 'uuid', nullable: true })
  addedBy!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  addedAt!: Date;
}
