import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';

/**
 * COPY ... FROM STDIN through `psql` (the client the PostgreSQL packages ship), so that a bulk load
 * streams rows without a driver of its own. `write` rows as COPY text; `end` resolves when psql
 * has committed them.
 */
export function copyIn(url: string, copySql: string): { stream: Writable; done: Promise<void> } {
  const child = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', copySql], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`psql COPY failed: ${stderr}`))));
  });
  return { stream: child.stdin, done };
}

/** Writes `text` and waits for the pipe to drain when it is full, so memory stays bounded. */
export function writeDrained(stream: Writable, text: string): Promise<void> {
  if (stream.write(text)) return Promise.resolve();
  return new Promise((resolve) => stream.once('drain', () => resolve()));
}

/**
 * One server-side generated COPY piped into another: `COPY (select) TO STDOUT | COPY target FROM
 * STDIN`, both through psql; the rows never pass through this process.
 */
export function copyPipe(url: string, selectSql: string, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `COPY (${selectSql}) TO STDOUT`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const into = copyIn(url, `COPY ${target} FROM STDIN`);
    let stderr = '';
    out.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    out.stdout.pipe(into.stream);
    const produced = new Promise<void>((ok, fail) => {
      out.on('error', fail);
      out.on('close', (code) => (code === 0 ? ok() : fail(new Error(`psql COPY TO failed: ${stderr}`))));
    });
    Promise.all([produced, into.done]).then(() => resolve(), reject);
  });
}
