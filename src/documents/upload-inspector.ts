import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { ContentMismatchError, EmptyFileError, FileTooLargeError } from './documents.errors';

/** The file types accepted, each with the bytes its content starts with. */
export const ALLOWED_CONTENT_TYPES: Record<string, readonly Buffer[]> = {
  'application/pdf': [Buffer.from('%PDF-', 'latin1')],
  'image/jpeg': [Buffer.from([0xff, 0xd8, 0xff])],
  'image/png': [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
};

export function isAllowedContentType(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(ALLOWED_CONTENT_TYPES, type);
}

/**
 * Passes an upload through on its way to the store: counts its bytes (past the limit the stream
 * fails, so the store keeps nothing), computes its SHA-256, and checks that its first bytes are
 * those of the declared type. Nothing is buffered beyond the few signature bytes.
 */
export class UploadInspector extends Transform {
  private readonly hash = createHash('sha256');
  private head = Buffer.alloc(0);
  private checked = false;
  bytes = 0;

  constructor(
    private readonly contentType: string,
    private readonly maxBytes: number,
  ) {
    super();
  }

  /** The SHA-256 of what passed, hex; only once the stream has ended. */
  checksum = '';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(new FileTooLargeError(this.maxBytes));
    if (!this.checked) {
      this.head = Buffer.concat([this.head, chunk]).subarray(0, 16);
      if (this.head.length >= this.signatureLength()) {
        const problem = this.check();
        if (problem) return done(problem);
      }
    }
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.bytes === 0) return done(new EmptyFileError());
    if (!this.checked) {
      const problem = this.check();
      if (problem) return done(problem);
    }
    this.checksum = this.hash.digest('hex');
    done();
  }

  private signatureLength(): number {
    return Math.max(...ALLOWED_CONTENT_TYPES[this.contentType].map((s) => s.length));
  }

  private check(): Error | null {
    this.checked = true;
    const ok = ALLOWED_CONTENT_TYPES[this.contentType].some(
      (signature) =>
        this.head.length >= signature.length && this.head.subarray(0, signature.length).equals(signature),
    );
    return ok ? null : new ContentMismatchError(this.contentType);
  }
}
