import { Worker } from 'node:worker_threads';

/**
 * The worker's whole program, plain JavaScript so that it runs the same from compiled code and
 * under ts-jest: HMAC-SHA-256 of each text under the key, compared with the seal kept for it.
 */
const PROGRAM = `
const { parentPort } = require('node:worker_threads');
const { createHmac, createSecretKey } = require('node:crypto');
parentPort.on('message', ({ id, key, texts, macs }) => {
  const secret = createSecretKey(Buffer.from(key));
  let first = -1;
  for (let i = 0; i < texts.length; i += 1) {
    if (createHmac('sha256', secret).update(texts[i]).digest('hex') !== macs[i]) {
      first = i;
      break;
    }
  }
  parentPort.postMessage({ id, first });
});`;

interface Waiting {
  resolve: (first: number) => void;
  reject: (error: unknown) => void;
}

/**
 * Checks seals on a thread of their own, so that a walk of the chain hashes one batch while it
 * reads and prepares the next: hashing was a third of the walk's time. The texts are made by
 * `macInput`, the one definition of what a seal covers; the thread only hashes them.
 */
export class MacChecker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private failed: unknown = null;

  constructor(private readonly key: string | Buffer) {
    this.worker = new Worker(PROGRAM, { eval: true });
    this.worker.on('message', ({ id, first }: { id: number; first: number }) => {
      this.waiting.get(id)?.resolve(first);
      this.waiting.delete(id);
    });
    const fail = (error: unknown) => {
      this.failed = error;
      for (const waiting of this.waiting.values()) waiting.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      if (this.waiting.size > 0) fail(new Error(`The seal checker stopped (exit code ${code})`));
    });
  }

  /** The index of the first text whose HMAC is not the seal at the same index, or -1. */
  firstMismatch(texts: string[], macs: string[]): Promise<number> {
    if (this.failed) return Promise.reject(this.failed);
    if (texts.length === 0) return Promise.resolve(-1);
    const id = this.nextId++;
    return new Promise<number>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, key: this.key, texts, macs });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
