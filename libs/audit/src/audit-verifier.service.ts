import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@app/common/config/app-config';
import { DataSource } from 'typeorm';
import { GENESIS_MAC, chainMac } from './canonical';
import { AuditChainRepository, SealRow } from './audit-chain.repository';
import { CheckpointStore, LatestCheckpoint } from './checkpoint-store';
import { CheckpointCheck, VerifyFailure, VerifyResult } from './audit.types';

const BATCH = 10_000;

/**
 * Walks the chain in sealing order, in batches, from the newest signed retention base (the seal
 * after which the chain kept in the database starts once expired months were dropped) or from the
 * genesis, recomputing every seal (HMAC under the chain key)
 * from the entry as it is stored now. A changed entry, a removed entry or seal, two swapped
 * positions, or seals made without the key break the chain at the first affected entry, which is
 * named. Then holds the chain against the newest signed checkpoint kept outside the database: a
 * chain that ends before it was cut short, and one whose seal at its position differs was
 * rewritten (by someone holding the key) below it.
 */
@Injectable()
export class AuditVerifier {
  private readonly checkpoints: CheckpointStore;
  private readonly chain: AuditChainRepository;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    this.checkpoints = new CheckpointStore(config);
    this.chain = new AuditChainRepository(dataSource);
  }

  /** Entries waiting to be sealed and the age of the oldest, for the operators' metrics. */
  async sealBacklog(): Promise<{ count: number; oldestSeconds: number | null }> {
    const backlog = await this.chain.backlogSinceHorizon();
    return { count: backlog.count, oldestSeconds: backlog.oldest };
  }

  async verify(onProgress?: (checked: number) => void): Promise<VerifyResult> {
    // First the checkpoint, then the chain: whatever a checkpoint names had committed before it was
    // written, so the walk that follows sees it.
    const latest = await this.checkpoints.latest();
    const anchor = latest.status === 'signed' ? latest.checkpoint : null;
    const checkpoint = initialCheck(latest);
    // Where the chain kept in the database starts: the newest retention base, or the genesis.
    const latestBase = await this.checkpoints.latestBase();
    const base = initialCheck(latestBase);
    const start = latestBase.status === 'signed' ? latestBase.checkpoint : null;
    let prev = start?.headMac ?? GENESIS_MAC;
    let expectedSeq = BigInt(start?.sequence ?? '0') + 1n;
    const startCount = BigInt(start?.entryCount ?? '0');
    let checked = 0;
    let firstInvalidId: string | null = null;
    let lastSeal: { seq: string; entryId: string; sealedAt: string } | null = null;
    let after = start?.sequence ?? '0';
    if (start) {
      // The seals below the base stay (they hold no personal data): the one at its position must
      // still be the one the base signed, or the chain was rewritten beneath it.
      const seal = await this.chain.sealAt(start.sequence);
      base.status =
        seal && seal.mac === start.headMac && seal.entry_id === start.entryId ? 'agrees' : 'disagrees';
    }
    // The next batch is read while this one is checked: the walk's time is then the larger of the
    // reading and the hashing, not their sum.
    let next: Promise<SealRow[]> | null = this.chain.sealsAfter(after, BATCH);
    outer: while (next) {
      const rows: SealRow[] = await next;
      next = rows.length === BATCH ? this.chain.sealsAfter(rows[rows.length - 1].seal_seq, BATCH) : null;
      if (rows.length === 0) break;
      for (const row of rows) {
        const seq = BigInt(row.seal_seq);
        const broken =
          seq !== expectedSeq ||
          !row.present ||
          row.prev_mac !== prev ||
          chainMac(this.config.AUDIT_CHAIN_KEY, prev, row.seal_seq, row) !== row.mac;
        if (broken) {
          firstInvalidId = row.seal_entry_id;
          break outer;
        }
        prev = row.mac;
        expectedSeq = seq + 1n;
        checked += 1;
        lastSeal = { seq: row.seal_seq, entryId: row.seal_entry_id, sealedAt: row.sealed_at };
        if (anchor && row.seal_seq === anchor.sequence) {
          const agrees =
            row.mac === anchor.headMac &&
            row.seal_entry_id === anchor.entryId &&
            (startCount + BigInt(checked)).toString() === anchor.entryCount;
          checkpoint.status = agrees ? 'agrees' : 'disagrees';
        }
      }
      after = rows[rows.length - 1].seal_seq;
      onProgress?.(checked);
    }
    // A walk that stopped at a break leaves its read-ahead unread; its failure, if any, is moot.
    next?.catch(() => undefined);
    const unsealed = await this.chain.unsealed();
    const oldest = unsealed.count > 0 ? Number(unsealed.oldest) : null;
    const coveredThrough = checkpoint.status === 'agrees' ? checkpoint.sequence : '0';
    checkpoint.lagSeconds = (await this.chain.ageOfSealAfter(coveredThrough)) ?? null;
    const checkpointLagLimit =
      (2 * this.config.AUDIT_CHECKPOINT_INTERVAL_MS) / 1000 + this.config.AUDIT_UNSEALED_ALARM_SECONDS;
    // An entry whose seal row was removed would otherwise just look "unsealed": if anything sealed
    // after it exists, its absence from the chain is a break.
    if (!firstInvalidId && unsealed.count > 0) {
      const orphan = await this.chain.firstOrphan();
      if (orphan) firstInvalidId = orphan;
    }
    // The walk ended, intact, before the checkpoint's position: the chain was cut short. A
    // checkpoint older than the base lies in the dropped months, and is not held against the chain.
    if (
      anchor &&
      start &&
      BigInt(anchor.sequence) <= BigInt(start.sequence) &&
      checkpoint.status === 'unchecked'
    )
      checkpoint.status = base.status === 'agrees' ? 'agrees' : 'disagrees';
    const shorter = anchor !== null && firstInvalidId === null && checkpoint.status === 'unchecked';
    if (shorter) checkpoint.status = 'disagrees';
    const reason: VerifyFailure | null =
      base.status === 'refused'
        ? 'CHECKPOINT_REFUSED'
        : base.status === 'disagrees'
          ? 'CHECKPOINT_MISMATCH'
          : firstInvalidId !== null
            ? 'CHAIN_BROKEN'
            : shorter
              ? 'CHAIN_SHORTER_THAN_CHECKPOINT'
              : checkpoint.status === 'disagrees'
                ? 'CHECKPOINT_MISMATCH'
                : checkpoint.status === 'refused'
                  ? 'CHECKPOINT_REFUSED'
                  : null;
    return {
      valid: reason === null,
      reason,
      checked,
      firstInvalidId,
      checkpoint,
      base: { status: base.status, sequence: base.sequence, entryId: base.entryId, at: base.at },
      sealedThrough: {
        sequence: lastSeal?.seq ?? null,
        entryId: lastSeal?.entryId ?? null,
        sealedAt: lastSeal?.sealedAt ?? null,
      },
      unsealed: unsealed.count,
      oldestUnsealedSeconds: oldest,
      alarm:
        (oldest !== null && oldest > this.config.AUDIT_UNSEALED_ALARM_SECONDS) ||
        (checkpoint.lagSeconds !== null && checkpoint.lagSeconds > checkpointLagLimit),
    };
  }
}

function initialCheck(latest: LatestCheckpoint): CheckpointCheck {
  switch (latest.status) {
    case 'none':
      return { status: 'none', sequence: null, entryId: null, at: null, lagSeconds: null };
    case 'refused':
      return { status: 'refused', sequence: latest.sequence, entryId: null, at: null, lagSeconds: null };
    case 'signed':
      return {
        status: 'unchecked',
        sequence: latest.checkpoint.sequence,
        entryId: latest.checkpoint.entryId,
        at: latest.checkpoint.at,
        lagSeconds: null,
      };
  }
}
