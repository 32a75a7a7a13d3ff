import type { Readable } from 'node:stream';

/**
 * Where document files live. The database row describes a document; the store holds its bytes
 * under a key `<client id>/<document id>`, so every file of one person is found (and erased) by
 * the prefix of their client id even if a row was lost. Two implementations: a local directory
 * (the embedded default) and an S3-compatible bucket; the service knows only this interface.
 */
export interface DocumentStore {
  /** Which store this is ("local", "s3"), for logs and health. */
  readonly kind: string;
  /** Writes the whole stream under the key; a failed or aborted stream leaves nothing behind. */
  put(key: string, body: Readable, contentType: string): Promise<void>;
  /** The file's bytes, or null when the store has nothing under the key. */
  get(key: string): Promise<Readable | null>;
  /** Removes the file; a key with nothing under it is not an error. */
  delete(key: string): Promise<void>;
  /** Removes every file whose key starts with the prefix; answers how many there were. */
  deletePrefix(prefix: string): Promise<number>;
  /**
   * Removes every file under any of the prefixes (an erasure or a sweep of many people at once);
   * answers how many there were. Most people have no files: a store that can tell which prefixes
   * hold any without asking per prefix does so.
   */
  deletePrefixes(prefixes: string[]): Promise<number>;
  /** The keys under a prefix (every key without one). */
  list(prefix?: string): Promise<string[]>;
}

export const DOCUMENT_STORE = Symbol('DOCUMENT_STORE');

/** The key of a document's file: its client's id first, so erasure finds every file of a person. */
export function documentKey(clientId: string, documentId: string): string {
  return `${clientId}/${documentId}`;
}

/** The prefix of every file of one client. */
export function clientPrefix(clientId: string): string {
  return `${clientId}/`;
}

const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/;
const PREFIX = /^([0-9a-f-]{36}\/)?$/;

/** The key itself, if it has a document key's shape; every store checks before it touches a file. */
export function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error('Malformed document key');
  return key;
}

/** A prefix to list by: one client's, or '' for every file. */
export function checkedListPrefix(prefix: string): string {
  if (!PREFIX.test(prefix)) throw new Error('Malformed document prefix');
  return prefix;
}

/** A prefix to delete by: one client's only. '' would name every file of every person. */
export function checkedDeletePrefix(prefix: string): string {
  if (!PREFIX.test(prefix) || prefix === '') throw new Error('Malformed document prefix');
  return prefix;
}
