import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { clientPrefix, documentKey } from './document-store';
import { LocalDirectoryStore } from './local-directory-store';
import { UploadInspector } from './upload-inspector';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1');

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('LocalDirectoryStore', () => {
  let root: string;
  let store: LocalDirectoryStore;
  const client = randomUUID();
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'documents-'));
    store = new LocalDirectoryStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps a file under its key, lists it by prefix and removes a person’s files by prefix', async () => {
    const a = documentKey(client, randomUUID());
    const b = documentKey(client, randomUUID());
    const other = documentKey(randomUUID(), randomUUID());
    for (const key of [a, b, other]) await store.put(key, Readable.from([PDF]));
    expect((await read((await store.get(a))!)).equals(PDF)).toBe(true);
    expect(await store.list(clientPrefix(client))).toEqual([a, b].sort());
    expect(await store.deletePrefix(clientPrefix(client))).toBe(2);
    expect(await store.list()).toEqual([other]);
    expect(await store.get(a)).toBeNull();
  });

  it('removes the files of many people at once, skipping those who have none', async () => {
    const [first, second, none] = [randomUUID(), randomUUID(), randomUUID()];
    const kept = documentKey(randomUUID(), randomUUID());
    for (const key of [
      documentKey(first, randomUUID()),
      documentKey(first, randomUUID()),
      documentKey(second, randomUUID()),
      kept,
    ])
      await store.put(key, Readable.from([PDF]));
    expect(await store.deletePrefixes([first, second, none].map(clientPrefix))).toBe(3);
    expect(await store.list()).toEqual([kept]);
    await expect(store.deletePrefixes(['../'])).rejects.toThrow('Malformed document prefix');
    expect(await new LocalDirectoryStore(join(root, 'absent')).deletePrefixes([clientPrefix(first)])).toBe(0);
  });

  it('leaves nothing of a stream that fails, and refuses keys that could leave its directory', async () => {
    const key = documentKey(client, randomUUID());
    const inspector = new UploadInspector('application/pdf', 10);
    const feeding = pipeline(Readable.from([PDF, PDF]), inspector);
    const [source, target] = await Promise.allSettled([feeding, store.put(key, inspector)]);
    expect(source).toMatchObject({ status: 'rejected', reason: { code: 'FILE_TOO_LARGE' } });
    expect(target.status).toBe('rejected');
    expect(await store.get(key)).toBeNull();
    expect(readdirSync(root, { recursive: true }).filter((f) => String(f).endsWith('.part'))).toEqual([]);
    await expect(store.put('../../etc/passwd', Readable.from([PDF]))).rejects.toThrow(
      'Malformed document key',
    );
    await expect(store.list('../')).rejects.toThrow('Malformed document prefix');
  });
});

describe('UploadInspector', () => {
  it('passes a file of the declared type through with its SHA-256', async () => {
    const inspector = new UploadInspector('application/pdf', 1024);
    const out = await read(Readable.from([PDF.subarray(0, 3), PDF.subarray(3)]).pipe(inspector));
    expect(out.equals(PDF)).toBe(true);
    expect(inspector.checksum).toBe(createHash('sha256').update(PDF).digest('hex'));
  });

  it('refuses content that is not the declared type, and an empty file', async () => {
    await expect(
      read(Readable.from([Buffer.from('GIF89a....')]).pipe(new UploadInspector('image/png', 1024))),
    ).rejects.toMatchObject({
      code: 'CONTENT_TYPE_MISMATCH',
    });
    await expect(
      read(Readable.from([Buffer.alloc(0)]).pipe(new UploadInspector('application/pdf', 1024))),
    ).rejects.toMatchObject({
      code: 'FILE_EMPTY',
    });
  });
});
