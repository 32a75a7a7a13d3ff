import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** Runs a process that installs the deadline and whose own SIGTERM handling never finishes. */
function runStalling(
  timeoutMs: number,
  stallMs: number,
): Promise<{ code: number | null; output: string; elapsedMs: number }> {
  const script = `
    const { exitIfShutdownStalls } = require(${JSON.stringify(join(__dirname, 'shutdown-deadline.ts'))});
    exitIfShutdownStalls(${timeoutMs}, (m) => process.stdout.write(m + '\\n'));
    // A graceful shutdown that takes ${stallMs} ms, like closing workers while Redis is down.
    process.on('SIGTERM', () => setTimeout(() => { process.stdout.write('closed\\n'); process.exit(0); }, ${stallMs}));
    setInterval(() => undefined, 1000);
    process.stdout.write('ready\\n');`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    let signalledAt = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!signalledAt && output.includes('ready')) {
        signalledAt = Date.now();
        child.kill('SIGTERM');
      }
    });
    child.on('exit', (code) => resolve({ code, output, elapsedMs: Date.now() - signalledAt }));
  });
}

describe('exitIfShutdownStalls', () => {
  it('exits with 1 and says why when a shutdown stalls past the deadline', async () => {
    const run = await runStalling(300, 60_000);
    expect(run.code).toBe(1);
    expect(run.output).toContain('Shutdown after SIGTERM did not finish within 300 ms; exiting');
    expect(run.output).not.toContain('closed');
    expect(run.elapsedMs).toBeLessThan(10_000);
  });

  it('leaves a shutdown that finishes in time alone', async () => {
    const run = await runStalling(5_000, 50);
    expect(run.code).toBe(0);
    expect(run.output).toContain('closed');
    expect(run.output).not.toContain('did not finish');
  });
});
