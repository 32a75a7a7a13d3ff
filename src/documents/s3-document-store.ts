import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { DocumentStore, checkedDeletePrefix, checkedKey, checkedListPrefix } from './document-store';

/**
 * The bucket kept some of the objects a batch delete named. The message carries counts and S3's
 * error code only: the keys begin with client ids.
 */
export class ObjectsNotDeletedError extends Error {
  constructor(
    readonly refused: number,
    readonly asked: number,
    readonly code: string | undefined,
  ) {
    super(`The bucket refused to delete ${refused} of ${asked} objects (${code ?? 'no code'})`);
    this.name = 'ObjectsNotDeletedError';
  }
}

/** S3's smallest part (except the last) of a multipart upload. */
const PART_BYTES = 5 * 1024 * 1024;

export interface S3StoreOptions {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Objects of one database under their own prefix, as the local store keeps a directory per database. */
  namespace: string;
}

/**
 * Documents in an S3-compatible bucket (MinIO under docker-compose). An upload streams: parts of
 * 5 MiB are sent as they fill (a multipart upload), so memory stays bounded whatever the file's
 * size, and a failed upload is aborted, leaving no object. A file up to one part goes in one PUT.
 */
export class S3DocumentStore implements DocumentStore {
  readonly kind = 's3';
  private readonly client: S3Client;

  constructor(private readonly options: S3StoreOptions) {
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
          : undefined,
    });
  }

  private objectKey(key: string): string {
    return `${this.options.namespace}/${checkedKey(key)}`;
  }

  async put(key: string, body: Readable, contentType: string): Promise<void> {
    const Bucket = this.options.bucket;
    const Key = this.objectKey(key);
    let uploadId: string | undefined;
    const parts: Array<{ ETag?: string; PartNumber: number }> = [];
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const sendPart = async (final: boolean) => {
      const chunk = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      if (!uploadId) {
        if (final) {
          await this.client.send(
            new PutObjectCommand({ Bucket, Key, Body: chunk, ContentType: contentType }),
          );
          return;
        }
        uploadId = (
          await this.client.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: contentType }))
        ).UploadId;
      }
      const PartNumber = parts.length + 1;
      const sent = await this.client.send(
        new UploadPartCommand({ Bucket, Key, UploadId: uploadId, PartNumber, Body: chunk }),
      );
      parts.push({ ETag: sent.ETag, PartNumber });
    };
    try {
      for await (const data of body) {
        const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data as Uint8Array);
        pending.push(buffer);
        pendingBytes += buffer.length;
        if (pendingBytes >= PART_BYTES) await sendPart(false);
      }
      await sendPart(true);
      if (uploadId) {
        await this.client.send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts },
          }),
        );
      }
    } catch (error) {
      if (uploadId)
        await this.client
          .send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId: uploadId }))
          .catch(() => undefined);
      throw error;
    }
  }

  async get(key: string): Promise<Readable | null> {
    try {
      const found = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
      );
      return found.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
    );
  }

  async deletePrefix(prefix: string): Promise<number> {
    const keys = await this.list(checkedDeletePrefix(prefix));
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      const result = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.options.bucket,
          // Whatever the bucket holds under the checked prefix goes, a key of another shape too.
          Delete: { Objects: batch.map((k) => ({ Key: `${this.options.namespace}/${k}` })), Quiet: true },
        }),
      );
      // S3 answers 200 even when it refused some of the keys, naming them in Errors: an erasure
      // must not count files that are still there as removed.
      const refused = result.Errors ?? [];
      if (refused.length > 0) throw new ObjectsNotDeletedError(refused.length, batch.length, refused[0].Code);
    }
    return keys.length;
  }

  async deletePrefixes(prefixes: string[]): Promise<number> {
    // Every prefix checked before the first delete: a malformed one stops the call, not half of it.
    prefixes.forEach(checkedDeletePrefix);
    let removed = 0;
    for (const prefix of prefixes) removed += await this.deletePrefix(prefix);
    return removed;
  }

  async list(prefix = ''): Promise<string[]> {
    checkedListPrefix(prefix);
    const keys: string[] = [];
    const base = `${this.options.namespace}/`;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: base + prefix,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key.slice(base.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }
}
