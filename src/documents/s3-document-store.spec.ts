import { randomUUID } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { clientPrefix, documentKey } from './document-store';
import { ObjectsNotDeletedError, S3DocumentStore } from './s3-document-store';

const BUCKET = 'documents';
const NAMESPACE = 'consentry_test';
const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const S3_NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

/**
 * A bucket behind an HTTP endpoint that answers the S3 operations the store uses, in S3's own
 * XML, so that the AWS SDK signs, sends and parses real requests. Listings come two keys a page
 * (the store must follow continuation tokens); keys in `refused` are kept by a batch delete and
 * named in its Errors, as S3 does when a policy denies them.
 */
class S3Endpoint {
  readonly objects = new Map<string, Buffer>();
  readonly uploads = new Map<string, Map<number, Buffer>>();
  readonly refused = new Set<string>();
  readonly calls: string[] = [];
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.answer(req, res).catch((error: Error) => {
        res.statusCode = 500;
        res.end(error.message);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://s3');
    const [, bucket, ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const q = url.searchParams;
    const xml = (status: number, text: string) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/xml');
      res.end(`${XML}${text}`);
    };
    if (bucket !== BUCKET)
      return xml(404, '<Error><Code>NoSuchBucket</Code><Message>No such bucket</Message></Error>');
    if (req.method === 'GET' && q.get('list-type') === '2') {
      this.calls.push('list');
      const prefix = q.get('prefix') ?? '';
      const all = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
      const from = Number(q.get('continuation-token') ?? '0');
      const page = all.slice(from, from + 2);
      const truncated = from + 2 < all.length;
      return xml(
        200,
        `<ListBucketResult ${S3_NS}><Name>${BUCKET}</Name><Prefix>${prefix}</Prefix><KeyCount>${page.length}</KeyCount>` +
          `<MaxKeys>2</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
          (truncated ? `<NextContinuationToken>${from + 2}</NextContinuationToken>` : '') +
          page
            .map((k) => `<Contents><Key>${k}</Key><Size>${this.objects.get(k)!.length}</Size></Contents>`)
            .join('') +
          '</ListBucketResult>',
      );
    }
    if (req.method === 'POST' && q.has('delete')) {
      this.calls.push('delete-objects');
      const named = [...body.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]);
      const errors = named
        .filter((k) => this.refused.has(k))
        .map(
          (k) => `<Error><Key>${k}</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`,
        );
      for (const k of named) if (!this.refused.has(k)) this.objects.delete(k);
      return xml(200, `<DeleteResult ${S3_NS}>${errors.join('')}</DeleteResult>`);
    }
    if (req.method === 'POST' && q.has('uploads')) {
      this.calls.push('create-multipart');
      const uploadId = randomUUID();
      this.uploads.set(uploadId, new Map());
      return xml(
        200,
        `<InitiateMultipartUploadResult ${S3_NS}><Bucket>${BUCKET}</Bucket><Key>${key}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
      );
    }
    if (req.method === 'PUT' && q.has('uploadId')) {
      this.calls.push('upload-part');
      this.uploads.get(q.get('uploadId')!)!.set(Number(q.get('partNumber')), body);
      res.setHeader('ETag', `"part-${q.get('partNumber')}"`);
      return void res.end();
    }
    if (req.method === 'POST' && q.has('uploadId')) {
      this.calls.push('complete-multipart');
      const parts = this.uploads.get(q.get('uploadId')!)!;
      this.uploads.delete(q.get('uploadId')!);
      this.objects.set(key, Buffer.concat([...parts.keys()].sort((a, b) => a - b).map((n) => parts.get(n)!)));
      return xml(
        200,
        `<CompleteMultipartUploadResult ${S3_NS}><Bucket>${BUCKET}</Bucket><Key>${key}</Key><ETag>"whole"</ETag></CompleteMultipartUploadResult>`,
      );
    }
    if (req.method === 'DELETE' && q.has('uploadId')) {
      this.calls.push('abort-multipart');
      this.uploads.delete(q.get('uploadId')!);
      res.statusCode = 204;
      return void res.end();
    }
    if (req.method === 'PUT') {
      this.calls.push('put');
      this.objects.set(key, body);
      res.setHeader('ETag', '"whole"');
      return void res.end();
    }
    if (req.method === 'GET') {
      const found = this.objects.get(key);
      if (!found)
        return xml(
          404,
          `<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`,
        );
      res.setHeader('content-length', String(found.length));
      return void res.end(found);
    }
    if (req.method === 'DELETE') {
      this.calls.push('delete');
      this.objects.delete(key);
      res.statusCode = 204;
      return void res.end();
    }
    xml(400, '<Error><Code>NotImplemented</Code><Message>Not answered here</Message></Error>');
  }
}

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('S3DocumentStore', () => {
  const endpoint = new S3Endpoint();
  let store: S3DocumentStore;

  beforeAll(async () => {
    store = new S3DocumentStore({
      endpoint: await endpoint.start(),
      region: 'eu-central-1',
      bucket: BUCKET,
      accessKeyId: 'test',
      secretAccessKey: 'test-secret',
      forcePathStyle: true,
      namespace: NAMESPACE,
    });
  });
  afterAll(() => endpoint.stop());
  beforeEach(() => {
    endpoint.objects.clear();
    endpoint.uploads.clear();
    endpoint.refused.clear();
    endpoint.calls.length = 0;
  });

  it('keeps a file under its namespace, reads it back, and answers null for a key with nothing under it', async () => {
    const key = documentKey(randomUUID(), randomUUID());
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1');
    await store.put(key, Readable.from([pdf]), 'application/pdf');
    expect([...endpoint.objects.keys()]).toEqual([`${NAMESPACE}/${key}`]);
    expect(endpoint.calls).toEqual(['put']);
    expect((await read((await store.get(key))!)).equals(pdf)).toBe(true);
    expect(await store.get(documentKey(randomUUID(), randomUUID()))).toBeNull();
  });

  it('sends a file larger than one part in parts, and aborts the upload when the stream fails', async () => {
    const key = documentKey(randomUUID(), randomUUID());
    const big = Buffer.alloc(6 * 1024 * 1024 + 17, 7);
    await store.put(
      key,
      Readable.from([big.subarray(0, 3 * 1024 * 1024), big.subarray(3 * 1024 * 1024)]),
      'application/pdf',
    );
    expect(endpoint.calls).toEqual(['create-multipart', 'upload-part', 'upload-part', 'complete-multipart']);
    expect(endpoint.objects.get(`${NAMESPACE}/${key}`)?.equals(big)).toBe(true);

    endpoint.calls.length = 0;
    const failing = documentKey(randomUUID(), randomUUID());
    async function* brokenAfterOnePart() {
      yield big;
      throw new Error('client went away');
    }
    await expect(store.put(failing, Readable.from(brokenAfterOnePart()), 'application/pdf')).rejects.toThrow(
      'client went away',
    );
    expect(endpoint.calls).toEqual(['create-multipart', 'upload-part', 'abort-multipart']);
    expect(endpoint.objects.has(`${NAMESPACE}/${failing}`)).toBe(false);
    expect(endpoint.uploads.size).toBe(0);
  });

  it('lists and removes one person’s files across pages of the listing, and nobody else’s', async () => {
    const person = randomUUID();
    const theirs = [1, 2, 3].map(() => documentKey(person, randomUUID()));
    const other = documentKey(randomUUID(), randomUUID());
    for (const key of [...theirs, other])
      await store.put(key, Readable.from([Buffer.from('x')]), 'text/plain');
    expect(await store.list(clientPrefix(person))).toEqual([...theirs].sort());
    expect(await store.deletePrefixes([clientPrefix(person), clientPrefix(randomUUID())])).toBe(3);
    expect(await store.list()).toEqual([other]);
  });

  it('reports files the bucket refused to delete instead of counting them removed', async () => {
    const person = randomUUID();
    const [kept, gone] = [documentKey(person, randomUUID()), documentKey(person, randomUUID())];
    for (const key of [kept, gone]) await store.put(key, Readable.from([Buffer.from('x')]), 'text/plain');
    endpoint.refused.add(`${NAMESPACE}/${kept}`);
    const refusal = store.deletePrefix(clientPrefix(person));
    await expect(refusal).rejects.toBeInstanceOf(ObjectsNotDeletedError);
    await expect(refusal).rejects.toMatchObject({ refused: 1, asked: 2, code: 'AccessDenied' });
    // The message is for logs: counts and S3's code, never a key (keys begin with client ids).
    await expect(refusal).rejects.toThrow('The bucket refused to delete 1 of 2 objects (AccessDenied)');
    await refusal.catch((error: Error) => expect(error.message).not.toContain(person));
    expect(await store.list(clientPrefix(person))).toEqual([kept]);
  });

  it('refuses a prefix that would name every file, or a key of another shape, before asking the bucket', async () => {
    const file = documentKey(randomUUID(), randomUUID());
    await store.put(file, Readable.from([Buffer.from('x')]), 'text/plain');
    endpoint.calls.length = 0;
    await expect(store.deletePrefix('')).rejects.toThrow('Malformed document prefix');
    await expect(store.deletePrefixes([clientPrefix(randomUUID()), ''])).rejects.toThrow(
      'Malformed document prefix',
    );
    await expect(store.list('../')).rejects.toThrow('Malformed document prefix');
    await expect(store.get('../../other-namespace/file')).rejects.toThrow('Malformed document key');
    await expect(store.delete('')).rejects.toThrow('Malformed document key');
    expect(endpoint.calls).toEqual([]);
    expect(await store.list()).toEqual([file]);
  });
});
