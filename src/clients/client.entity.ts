import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export interface PostalAddress {
  street: string;
  postalCode: string;
  city: string;
  country: string;
}

/** The broker's own data subject (the broker is the controller). */
@Entity({ name: 'client' })
export class ClientEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', default: 'active' })
  status!: 'active' | 'anonymised';

  @Column({ type: 'text', nullable: true })
  firstName!: string | null;

  @Column({ type: 'text', nullable: true })
  lastName!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  address!: PostalAddress | null;

  @Column({ type: 'date', nullable: true })
  dateOfBirth!: string | null;

  /** AES-256-GCM ciphertext of the PESEL. */
  @Column({ type: 'text', nullable: true })
  peselCipher!: string | null;

  /** Keyed hash of the PESEL, to find a client by PESEL without decrypting. */
  @Column({ type: 'text', nullable: true })
  peselIndex!: string | null;

  @Column({ type: 'boolean', default: false })
  restricted!: boolean;

  /** Erasure refused on grounds of art. 17(3): seen only under the purposes those grounds serve. */
  @Column({ type: 'boolean', default: false })
  erasureRefused!: boolean;

  @Column({ type: 'boolean', default: false })
  objectedToMarketing!: boolean;

  @Column({ type: 'text', nullable: true })
  source!: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastActivityAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  anonymisedAt!: Date | null;
}
