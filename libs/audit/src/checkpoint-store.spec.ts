import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from '@app/common/config/app-config';
import { Checkpoint, CheckpointSigner } from './checkpoint';
import { CheckpointStore } from './checkpoint-store';

const checkpoint = (sequence: number, at = '2026-12-02T08:00:00.000Z'): Checkpoint => ({
  sequence: String(sequence),
  entryId: String(sequence + 100),
  entryCount: String(sequence),
  headMac: sequence.toString(16).padStart(64, 'a'),
  at,
});

describe('checkpoints of the record chain, as files', () => {
  let dir: string;
  let store: CheckpointStore;
  const config = () =>
    loadAppConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/crm_one', AUDIT_CHECKPOINT_DIR: dir });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'consentry-checkpoint-spec-'));
    store = new CheckpointStore(config());
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has none until one is written, then gives back the highest sequence, signed', async () => {
    expect(await store.latest()).toEqual({ status: 'none' });
    await store.write(checkpoint(9));
    await store.write(checkpoint(120));
    await store.write(checkpoint(30));
    const latest = await store.latest();
    expect(latest).toMatchObject({ status: 'signed', checkpoint: checkpoint(120) });
    expect(readdirSync(join(dir, 'crm_one', '2026-12')).sort()).toEqual([
      '00000000000000000009.json',
      '00000000000000000030.json',
      '00000000000000000120.json',
    ]);
  });

  it('lets concurrent writers of one sequence clash safely: one file, written once, never overwritten', async () => {
    const other = new CheckpointStore(config());
    const results = await Promise.all([
      store.write(checkpoint(7)),
      other.write(checkpoint(7)),
      store.write(checkpoint(7)),
    ]);
    expect(results.sort()).toEqual(['exists', 'exists', 'written']);
    expect(readdirSync(join(dir, 'crm_one', '2026-12'))).toEqual(['00000000000000000007.json']);
  });

  it('finds the newest across the turn of a month, and keeps databases apart', async () => {
    await store.write(checkpoint(50, '2026-11-30T23:59:59.000Z'));
    await store.write(checkpoint(40, '2026-12-01T00:00:01.000Z'));
    expect(await store.latest()).toMatchObject({ status: 'signed', checkpoint: { sequence: '50' } });
    const elsewhere = new CheckpointStore(
      loadAppConfig({
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/crm_two',
        AUDIT_CHECKPOINT_DIR: dir,
      }),
    );
    expect(await elsewhere.latest()).toEqual({ status: 'none' });
  });

  it('refuses a checkpoint whose content was changed after signing, or that another key signed', async () => {
    await store.write(checkpoint(10));
    const file = join(dir, 'crm_one', '2026-12', '00000000000000000010.json');
    const document = JSON.parse(readFileSync(file, 'utf8'));
    chmodSync(file, 0o644);
    writeFileSync(
      file,
      JSON.stringify({ ...document, checkpoint: { ...document.checkpoint, headMac: 'b'.repeat(64) } }),
    );
    expect(await store.latest()).toEqual({ status: 'refused', sequence: '10', file });

    const foreignKey = generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'der', type: 'pkcs8' })
      .toString('base64');
    const forged = new CheckpointSigner(foreignKey).sign(checkpoint(11));
    writeFileSync(join(dir, 'crm_one', '2026-12', '00000000000000000011.json'), JSON.stringify(forged));
    expect(await store.latest()).toMatchObject({ status: 'refused', sequence: '11' });
    // The same checkpoint signed with the configured key opens.
    const signer = new CheckpointSigner(config().AUDIT_CHECKPOINT_SIGNING_KEY);
    expect(signer.open(signer.sign(checkpoint(11)))).toEqual(checkpoint(11));
    expect(signer.open(forged)).toBeNull();
  });

  it('writes files read-only (mode 0444)', async () => {
    await store.write(checkpoint(3));
    const file = join(dir, 'crm_one', '2026-12', '00000000000000000003.json');
    expect(statSync(file).mode & 0o777).toBe(0o444);
  });
});
