import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An erasure the person asked for that a legal duty deferred; the retention sweep completes it. */
@Entity({ name: 'erasure_pending' })
export class ErasurePendingEntity {
  @PrimaryColumn('uuid')
  clientId!: string;

  @Column({ type: 'timestamptz' })
  requestedAt!: Date;

  /** The data-subject request that asked for it, when there was one. */
  @Column({ type: 'uuid', nullable: true })
  requestId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;
}
