import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { DocumentStore, checkedDeletePrefix, checkedKey, checkedListPrefix } from './document-store';

/**
 * Documents as files in a directory: `<root>/<client id>/<document id>`. A file is written under a
 * temporary name and renamed when complete, so a reader never sees half a file and an aborted
 * upload leaves none. Keys are checked against their shape, so no key reaches outside the root.
 */
export class LocalDirectoryStore implements DocumentStore {
  readonly kind = 'local';

  constructor(readonly root: string) {}

  private path(key: string): string {
    return join(this.root, ...checkedKey(key).split('/'));
  }

  async put(key: string, body: Readable): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    const partial = join(dirname(target), `.${randomUUID()}.part`);
    try {
      await pipeline(body, createWriteStream(partial, { flags: 'wx' }));
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable | null> {
    const path = this.path(key);
    try {
      await stat(path);
    } catch {
      return null;
    }
    return createReadStream(path);
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<number> {
    const keys = await this.list(checkedDeletePrefix(prefix));
    await rm(join(this.root, prefix.slice(0, -1)), { recursive: true, force: true });
    return keys.length;
  }

  /** One read of the root's directories, then only the prefixes that have one are removed. */
  async deletePrefixes(prefixes: string[]): Promise<number> {
    prefixes.forEach(checkedDeletePrefix);
    let present: Set<string>;
    try {
      present = new Set(
        (await readdir(this.root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name),
      );
    } catch {
      return 0;
    }
    let removed = 0;
    for (const prefix of prefixes)
      if (present.has(prefix.slice(0, -1))) removed += await this.deletePrefix(prefix);
    return removed;
  }

  async list(prefix = ''): Promise<string[]> {
    checkedListPrefix(prefix);
    const start = prefix ? join(this.root, prefix.slice(0, -1)) : this.root;
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (!entry.name.startsWith('.')) keys.push(relative(this.root, full).split(sep).join('/'));
      }
    };
    await walk(resolve(start));
    return keys.sort();
  }
}
