import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One operation on personal data. Append-only (the database refuses UPDATE, DELETE and TRUNCATE).
 * Holds identifiers and field names, never personal values.
 */
@Entity({ name: 'audit_entry' })
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text', nullable: true })
  actorRole!: string | null;

  @Column({ type: 'text', nullable: true })
  purpose!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  resource!: string;

  @Column({ type: 'text', nullable: true })
  resourceId!: string | null;

  @Column({ type: 'uuid', array: true })
  clientIds!: string[];

  @Column({ type: 'text', array: true })
  fields!: string[];

  @Column({ type: 'text' })
  outcome!: 'allowed' | 'denied';

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  /** For data processed on an insurer's behalf: the insurer (controller) id. */
  @Column({ type: 'uuid', nullable: true })
  controllerId!: string | null;
}
