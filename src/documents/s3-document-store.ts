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
import { DocumentStore } from './document-store';

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
    return `${this.options.namespace}/${key}`;
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
    const keys = await this.list(prefix);
    for (let i = 0; i < keys.length; i += 1000) {
      await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.options.bucket,
          Delete: { Objects: keys.slice(i, i + 1000).map((k) => ({ Key: this.objectKey(k) })), Quiet: true },
        }),
      );
    }
    return keys.length;
  }

  async deletePrefixes(prefixes: string[]): Promise<number> {
    let removed = 0;
    for (const prefix of prefixes) removed += await this.deletePrefix(prefix);
    return removed;
  }

  async list(prefix = ''): Promise<string[]> {
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
