/**
 * The container's health check (Dockerfile HEALTHCHECK): asks the API in the same container for
 * /health and exits 0 only on a 2xx answer within the timeout. Written in Node because slim
 * images carry neither wget nor curl.
 */
const port = Number(process.env.PORT ?? 3000);
const timeoutMs = Number(process.env.HEALTHCHECK_TIMEOUT_MS ?? 2500);

fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(timeoutMs) })
  .then((response) => process.exit(response.ok ? 0 : 1))
  .catch(() => process.exit(1));
