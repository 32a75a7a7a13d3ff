import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeliveryChannel } from './complete-request.dto';
import type { DataSubjectRequestStatus, DataSubjectRequestType } from './data-subject-request.dto';

/** A request under arts. 15-22 GDPR, from receipt to its answer. */
@Entity({ name: 'data_subject_request' })
export class DataSubjectRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The broker's own client the request is about (exactly one of clientId, mandateSubjectId). */
  @Column({ type: 'uuid', nullable: true })
  clientId!: string | null;

  /** A person processed for an insurer: the request is referred to that insurer. */
  @Column({ type: 'uuid', nullable: true })
  mandateSubjectId!: string | null;

  @Column({ type: 'text' })
  type!: DataSubjectRequestType;

  @Column({ type: 'text' })
  status!: DataSubjectRequestStatus;

  @Column({ type: 'date' })
  receivedAt!: string;

  @Column({ type: 'date' })
  dueAt!: string;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  extendedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  extensionReason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  extendedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  identityVerifiedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  identityMethod!: string | null;

  @Column({ type: 'text', nullable: true })
  identityNotes!: string | null;

  @Column({ type: 'uuid', nullable: true })
  identityVerifiedBy!: string | null;

  /** The insurer a mandate subject's request went to: {insurerId, insurerName, dsrContactEmail, referredAt}. */
  @Column({ type: 'jsonb', nullable: true })
  referral!: Record<string, unknown> | null;

  /** What executing the request did (or why it restricted instead of erasing). */
  @Column({ type: 'jsonb', nullable: true })
  outcome!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  rejectionReason!: string | null;

  /** How the answer reached the person, recorded when the request is completed. */
  @Column({ type: 'text', nullable: true })
  deliveredVia!: DeliveryChannel | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  closedBy!: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
