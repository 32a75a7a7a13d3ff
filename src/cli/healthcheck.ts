/**
 * The container's health check (Dockerfile HEALTHCHECK, compose): asks a process in the same
 * container and exits 0 only on a 2xx answer within the timeout. Written in Node because slim
 * images carry neither wget nor curl.
 *
 * Without arguments it asks the API for readiness (`/health/ready` on PORT). The worker's check
 * passes its metrics port and `/health/live`: `healthcheck.js 9464 /health/live`.
 */
const [portArgument, pathArgument] = process.argv.slice(2);
const port = Number(portArgument ?? process.env.PORT ?? 3000);
const path = pathArgument ?? '/health/ready';
const timeoutMs = Number(process.env.HEALTHCHECK_TIMEOUT_MS ?? 2500);

fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(timeoutMs) })
  .then((response) => process.exit(response.ok ? 0 : 1))
  .catch(() => process.exit(1));
