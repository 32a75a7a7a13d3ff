import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '@app/common/config/app-config';
import { LOG_TERMS } from '@app/privacy';
import type { RequestLogLine } from '@app/common/logging/request-log';

const DAY_MS = 86_400_000;

/**
 * The HTTP request log as files, one per UTC day: REQUEST_LOG=/var/log/consentry/requests.log
 * writes requests-2025-01-31.log, requests-2025-02-01.log, ... in that directory, and deletes dated
 * files older than the retention. Files are opened for appending, so several processes may share a
 * directory; each line is one JSON object and is written whole.
 */
export class DailyRotatingFile {
  private readonly dir: string;
  private readonly stem: string;
  private readonly ext: string;
  private stream: WriteStream | null = null;
  private day: string | null = null;
  private failed = false;
  /** After a write error, lines are dropped (not buffered without bound) until this time, then the file is reopened. */
  private retryAfterMs = 0;
  private pruning: Promise<string[]> = Promise.resolve([]);
  private readonly ending: Array<Promise<void>> = [];

  constructor(
    path: string,
    private readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
    private readonly report: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
  ) {
    this.dir = dirname(path);
    this.ext = extname(path);
    this.stem = basename(path, this.ext);
    mkdirSync(this.dir, { recursive: true });
  }

  fileFor(day: string): string {
    return join(this.dir, `${this.stem}-${day}${this.ext}`);
  }

  write(text: string): void {
    const now = this.now();
    const day = now.toISOString().slice(0, 10);
    if (day !== this.day || (!this.stream && now.getTime() >= this.retryAfterMs)) this.open(day);
    this.stream?.write(text);
  }

  /** Deletes dated files older than the retention; resolves to the names removed. */
  prune(): Promise<string[]> {
    this.pruning = this.pruning
      .then(() => this.removeExpired())
      .catch((error: unknown) => {
        this.report(`request log: pruning failed: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
        return [];
      });
    return this.pruning;
  }

  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    this.day = null;
    if (stream) await new Promise<void>((resolve) => stream.end(resolve));
    await Promise.all(this.ending.splice(0));
    await this.pruning;
  }

  private open(day: string): void {
    const rotated = day !== this.day;
    const previous = this.stream;
    // The previous day's file is finished in the background; close() waits for it.
    if (previous) this.ending.push(new Promise<void>((resolve) => previous.end(resolve)));
    this.day = day;
    const stream = createWriteStream(this.fileFor(day), { flags: 'a', mode: 0o640 });
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // Report once per file, without the line (the path and code are enough to act on).
      if (!this.failed)
        this.report(`request log: cannot write ${this.fileFor(day)}: ${error.code ?? 'error'}`);
      this.failed = true;
      if (this.stream === stream) this.stream = null;
      this.retryAfterMs = this.now().getTime() + 60_000;
    });
    stream.on('open', () => {
      this.failed = false;
    });
    this.stream = stream;
    if (rotated) void this.prune();
  }

  private async removeExpired(): Promise<string[]> {
    const pattern = new RegExp(
      `^${escapeRegExp(this.stem)}-(\\d{4}-\\d{2}-\\d{2})${escapeRegExp(this.ext)}$`,
    );
    const today = Date.parse(`${this.now().toISOString().slice(0, 10)}T00:00:00Z`);
    const oldestKept = today - (this.retentionDays - 1) * DAY_MS;
    const removed: string[] = [];
    for (const name of await readdir(this.dir)) {
      const match = pattern.exec(name);
      if (!match) continue;
      const day = Date.parse(`${match[1]}T00:00:00Z`);
      if (Number.isNaN(day) || day >= oldestKept) continue;
      await unlink(join(this.dir, name)).catch(() => undefined);
      removed.push(name);
    }
    return removed;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where request-log lines go: REQUEST_LOG=stdout hands them to `toStdout` (the application log);
 * a path writes them to daily files kept for the registry's term (or REQUEST_LOG_RETENTION_DAYS), closed with the server.
 */
export function requestLogSink(
  config: Pick<AppConfig, 'REQUEST_LOG' | 'REQUEST_LOG_RETENTION_DAYS'>,
  fastify: FastifyInstance,
  toStdout: (line: RequestLogLine) => void,
): (line: RequestLogLine) => void {
  if (config.REQUEST_LOG === 'stdout') return toStdout;
  const file = new DailyRotatingFile(
    config.REQUEST_LOG,
    config.REQUEST_LOG_RETENTION_DAYS ?? LOG_TERMS.requestLog.days,
  );
  fastify.addHook('onClose', async () => {
    await file.close();
  });
  return (line) => file.write(`${JSON.stringify(line)}\n`);
}
