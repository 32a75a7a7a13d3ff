import { KeyObject, createPublicKey, sign, verify } from 'node:crypto';
import { parseEd25519PrivateKey } from '@app/common/config/app-config';

/**
 * The head of the record's chain at one moment, as the sealer saw it. Kept outside the database
 * and signed, so that whoever controls the database can neither shorten the chain behind it nor
 * recompute it: the seal at `sequence` must stay exactly `headMac`.
 */
export interface Checkpoint {
  /** Chain position of the head. */
  sequence: string;
  /** The entry sealed at that position. */
  entryId: string;
  /** Entries in the chain up to and including that position. */
  entryCount: string;
  /** The seal at that position; it covers every entry before it. */
  headMac: string;
  /** When it was taken, by the database's clock (UTC, ISO 8601). */
  at: string;
}

export interface SignedCheckpoint {
  checkpoint: Checkpoint;
  /** Ed25519 over the checkpoint's canonical form, base64. */
  signature: string;
}

/**
 * What a signature vouches for: a checkpoint (a head the chain must still reach) or a retention
 * base (where the chain kept in the database starts after whole months were dropped). The kinds are
 * signed under different tags, so that a checkpoint file copied among the bases is refused.
 */
export type CheckpointKind = 'checkpoint' | 'base';

const FORMATS: Record<CheckpointKind, string> = {
  checkpoint: 'consentry-audit-checkpoint/1',
  base: 'consentry-audit-base/1',
};
const DIGITS = /^\d{1,19}$/;
const MAC = /^[0-9a-f]{64}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** What is signed: the fields in a fixed order, under a format tag. */
function signedBytes(format: string, c: Checkpoint): Buffer {
  return Buffer.from(JSON.stringify([format, c.sequence, c.entryId, c.entryCount, c.headMac, c.at]), 'utf8');
}

/** Signs checkpoints, and opens signed ones (the public half is derived from the signing key). */
export class CheckpointSigner {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly format: string;

  constructor(signingKey: string, kind: CheckpointKind = 'checkpoint') {
    this.format = FORMATS[kind];
    this.privateKey = parseEd25519PrivateKey(signingKey);
    if (this.privateKey.asymmetricKeyType !== 'ed25519')
      throw new Error('the checkpoint signing key is not an Ed25519 key');
    this.publicKey = createPublicKey(this.privateKey);
  }

  sign(checkpoint: Checkpoint): SignedCheckpoint {
    return {
      checkpoint,
      signature: sign(null, signedBytes(this.format, checkpoint), this.privateKey).toString('base64'),
    };
  }

  /** The checkpoint a document carries when it is well formed and its signature holds; null otherwise. */
  open(document: unknown): Checkpoint | null {
    if (typeof document !== 'object' || document === null) return null;
    const { checkpoint, signature } = document as Partial<SignedCheckpoint>;
    if (typeof signature !== 'string' || typeof checkpoint !== 'object' || checkpoint === null) return null;
    const c = checkpoint as unknown as Record<string, unknown>;
    const wellFormed =
      typeof c.sequence === 'string' &&
      DIGITS.test(c.sequence) &&
      typeof c.entryId === 'string' &&
      DIGITS.test(c.entryId) &&
      typeof c.entryCount === 'string' &&
      DIGITS.test(c.entryCount) &&
      typeof c.headMac === 'string' &&
      MAC.test(c.headMac) &&
      typeof c.at === 'string' &&
      INSTANT.test(c.at);
    if (!wellFormed) return null;
    const opened: Checkpoint = {
      sequence: c.sequence as string,
      entryId: c.entryId as string,
      entryCount: c.entryCount as string,
      headMac: c.headMac as string,
      at: c.at as string,
    };
    return verify(null, signedBytes(this.format, opened), this.publicKey, Buffer.from(signature, 'base64'))
      ? opened
      : null;
  }
}
