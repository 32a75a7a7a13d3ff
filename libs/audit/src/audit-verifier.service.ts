import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@app/common/config/app-config';
import { DataSource } from 'typeorm';
import { GENESIS_MAC, sealInput } from './canonical';
import { MacChecker } from './mac-checker';
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
    const after = start?.sequence ?? '0';
    if (start) {
      // The seals below the base stay (they hold no personal data): the one at its position must
      // still be the one the base signed, or the chain was rewritten beneath it.
      const seal = await this.chain.sealAt(start.sequence);
      base.status =
        seal && seal.mac === start.headMac && seal.entry_id === start.entryId ? 'agrees' : 'disagrees';
    }
    // Three things overlap: the database reads batch n+1, this thread checks its links and makes
    // its texts, and the checker's thread hashes batch n. Batches are settled in order, so the
    // first break found is the first in the chain.
    const macs = new MacChecker(this.config.AUDIT_CHAIN_KEY);
    type Posted = { rows: SealRow[]; linkBreak: number; macCheck: Promise<number> };
    const post = (rows: SealRow[]): Posted => {
      const texts: string[] = [];
      const sealMacs: string[] = [];
      let linkBreak = rows.length;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        const seq = BigInt(row.seal_seq);
        if (seq !== expectedSeq || !row.present || row.prev_mac !== prev) {
          linkBreak = i;
          break;
        }
        texts.push(sealInput(prev, row.seal_seq, row.canonical));
        sealMacs.push(row.mac);
        prev = row.mac;
        expectedSeq = seq + 1n;
      }
      return { rows, linkBreak, macCheck: macs.firstMismatch(texts, sealMacs) };
    };
    /** Counts a batch up to its first break; true when there is one. */
    const settle = async ({ rows, linkBreak, macCheck }: Posted): Promise<boolean> => {
      const macBreak = await macCheck;
      const first = macBreak >= 0 ? macBreak : linkBreak;
      for (let i = 0; i < first; i++) {
        const row = rows[i];
        checked += 1;
        if (anchor && row.seal_seq === anchor.sequence) {
          const agrees =
            row.mac === anchor.headMac &&
            row.seal_entry_id === anchor.entryId &&
            (startCount + BigInt(checked)).toString() === anchor.entryCount;
          checkpoint.status = agrees ? 'agrees' : 'disagrees';
        }
      }
      if (first > 0) lastRow = rows[first - 1];
      onProgress?.(checked);
      if (first < rows.length) {
        firstInvalidId = rows[first].seal_entry_id;
        return true;
      }
      return false;
    };
    const ignore = (pending: Promise<unknown> | null | undefined) => void pending?.catch(() => undefined);
    let lastRow = null as SealRow | null;
    let reading: Promise<SealRow[]> | null = this.chain.sealsAfter(after, BATCH);
    let hashing: Posted | null = null;
    try {
      for (;;) {
        const rows: SealRow[] = reading ? await reading : [];
        reading = rows.length === BATCH ? this.chain.sealsAfter(rows[rows.length - 1].seal_seq, BATCH) : null;
        const posted = rows.length > 0 ? post(rows) : null;
        // Nothing after a broken link is read.
        if (posted && posted.linkBreak < rows.length) {
          ignore(reading);
          reading = null;
        }
        if (hashing && (await settle(hashing))) {
          ignore(posted?.macCheck);
          ignore(reading);
          break;
        }
        hashing = posted;
        if (!hashing) break;
      }
    } finally {
      await macs.close();
    }
    const lastSeal = lastRow && {
      seq: lastRow.seal_seq,
      entryId: lastRow.seal_entry_id,
      sealedAt: lastRow.sealed_at,
    };
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
