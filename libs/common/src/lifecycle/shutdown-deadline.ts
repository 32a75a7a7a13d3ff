/**
 * Bounds a graceful shutdown. On the first SIGTERM or SIGINT a timer starts; if the process is
 * still alive when it fires (say, closing the queue workers waits for a Redis that is down), it
 * says so and exits. Nothing is lost by that: PostgreSQL holds every recipient's state, and a send
 * cut short is reported as interrupted, never repeated. The timer does not keep the process alive.
 */
export function exitIfShutdownStalls(timeoutMs: number, report: (message: string) => void): void {
  let started = false;
  const start = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    setTimeout(() => {
      report(`Shutdown after ${signal} did not finish within ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
  };
  process.once('SIGTERM', start);
  process.once('SIGINT', start);
}
