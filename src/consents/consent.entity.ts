import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Channel, ConsentPurpose } from '@app/privacy';

/**
 * One grant of consent and, once withdrawn, its withdrawal. Rows are never deleted: the history
 * of grants and withdrawals shows that earlier processing was lawful (art. 7(1), 7(3)).
 */
@Entity({ name: 'consent' })
export class ConsentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  clientId!: string;

  @Column({ type: 'text' })
  purpose!: ConsentPurpose;

  @Column({ type: 'text' })
  channel!: Channel;

  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'text', nullable: true })
  evidence!: string | null;

  @Column({ type: 'text' })
  noticeVersion!: string;

  @Column({ type: 'uuid', nullable: true })
  grantedBy!: string | null;

  @Column({ type: 'timestamptz' })
  grantedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  withdrawnBy!: string | null;

  @Column({ type: 'text', nullable: true })
  withdrawalSource!: string | null;
}
