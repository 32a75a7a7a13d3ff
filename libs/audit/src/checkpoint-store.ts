import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, readdir, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { AppConfig } from '@app/common/config/app-config';
import { splitDatabaseUrl } from '@app/common/database/data-source-options';
import { Checkpoint, CheckpointSigner } from './checkpoint';

/** The newest checkpoint in the store: none yet, one whose signature holds, or one that is refused. */
export type LatestCheckpoint =
  | { status: 'none' }
  | { status: 'signed'; checkpoint: Checkpoint; file: string }
  | { status: 'refused'; sequence: string; file: string };

const MONTH = /^\d{4}-\d{2}$/;
const FILE = /^(\d{20})\.json$/;
const BASE_DIR = 'base';

/**
 * Signed checkpoints of the record's chain as append-only files outside the database:
 * `<AUDIT_CHECKPOINT_DIR>/<database>/<YYYY-MM>/<sequence, 20 digits>.json`, one file per checkpoint,
 * read-only once written. Several instances may share the directory: a file is written under a
 * temporary name and linked to its final name, which fails when the name exists, so no writer
 * ever overwrites or half-writes another's checkpoint. The newest is the highest sequence, looked
 * for in the two newest months (a checkpoint may land late across the turn of a month). The
 * subdirectory per database keeps the chains of several databases (tests, benchmarks, the demo)
 * apart in one directory.
 */
export class CheckpointStore {
  readonly dir: string;
  private readonly signer: CheckpointSigner;
  private readonly baseSigner: CheckpointSigner;

  constructor(config: AppConfig) {
    const database = splitDatabaseUrl(config.DATABASE_URL).database.replace(/[^A-Za-z0-9._-]/g, '_');
    this.dir = resolve(config.AUDIT_CHECKPOINT_DIR, database);
    this.signer = new CheckpointSigner(config.AUDIT_CHECKPOINT_SIGNING_KEY);
    this.baseSigner = new CheckpointSigner(config.AUDIT_CHECKPOINT_SIGNING_KEY, 'base');
  }

  /** Writes a signed checkpoint; 'exists' when another writer already stored that sequence. */
  write(checkpoint: Checkpoint): Promise<'written' | 'exists'> {
    return this.writeSigned(join(this.dir, checkpoint.at.slice(0, 7)), checkpoint, this.signer);
  }

  /**
   * Writes a signed retention base: the seal at `sequence` is where the chain kept in the database
   * starts once the months before it are dropped (`<dir>/base/<sequence>.json`).
   */
  writeBase(base: Checkpoint): Promise<'written' | 'exists'> {
    return this.writeSigned(join(this.dir, BASE_DIR), base, this.baseSigner);
  }

  /** The newest retention base: the highest sequence under `base/`. */
  async latestBase(): Promise<LatestCheckpoint> {
    const names = (await this.list(join(this.dir, BASE_DIR))).filter((n) => FILE.test(n)).sort();
    if (names.length === 0) return { status: 'none' };
    return this.open(join(this.dir, BASE_DIR, names[names.length - 1]), this.baseSigner);
  }

  private async writeSigned(
    monthDir: string,
    checkpoint: Checkpoint,
    signer: CheckpointSigner,
  ): Promise<'written' | 'exists'> {
    await mkdir(monthDir, { recursive: true });
    const name = `${checkpoint.sequence.padStart(20, '0')}.json`;
    const temporary = join(monthDir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temporary, 'wx', 0o444);
    try {
      await handle.writeFile(`${JSON.stringify(signer.sign(checkpoint))}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temporary, join(monthDir, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
      throw error;
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
    const dir = await open(monthDir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return 'written';
  }

  async latest(): Promise<LatestCheckpoint> {
    const months = (await this.list(this.dir))
      .filter((m) => MONTH.test(m))
      .sort()
      .reverse();
    let best: { name: string; month: string } | null = null;
    let searched = 0;
    for (const month of months) {
      const names = (await this.list(join(this.dir, month))).filter((n) => FILE.test(n)).sort();
      if (names.length === 0) continue;
      const top = names[names.length - 1];
      if (!best || top > best.name) best = { name: top, month };
      if (++searched === 2) break;
    }
    if (!best) return { status: 'none' };
    return this.open(join(this.dir, best.month, best.name), this.signer);
  }

  private async open(file: string, signer: CheckpointSigner): Promise<LatestCheckpoint> {
    const sequence = BigInt(FILE.exec(basename(file))![1]).toString();
    let document: unknown;
    try {
      document = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      return { status: 'refused', sequence, file };
    }
    const checkpoint = signer.open(document);
    if (!checkpoint || checkpoint.sequence !== sequence) return { status: 'refused', sequence, file };
    return { status: 'signed', checkpoint, file };
  }

  private async list(dir: string): Promise<string[]> {
    try {
      return await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
