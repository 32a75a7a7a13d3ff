/**
 * OpenTelemetry traces, only when OTEL_EXPORTER_OTLP_ENDPOINT is set. Imported first by the API's
 * and the worker's entry points: instrumentation patches `http` and `pg` as they are loaded, so it
 * has to be in place before anything else requires them. Without the variable nothing is loaded
 * at all, so a deployment that does not trace pays nothing for it.
 *
 * Spans carry routes, SQL statement text with parameters left out, and timings; never bodies or
 * parameter values, which may be personal data.
 */
import type { NodeSDK } from '@opentelemetry/sdk-node';

function serviceName(): string {
  if (process.env.OTEL_SERVICE_NAME) return process.env.OTEL_SERVICE_NAME;
  return /worker\.[jt]s$/.test(process.argv[1] ?? '') ? 'consentry-worker' : 'consentry-api';
}

function startTracing(): NodeSDK | null {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on, and synchronously, before `http` and `pg` */
  const { NodeSDK: Sdk } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sdk = new Sdk({
    serviceName: serviceName(),
    // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and _HEADERS) itself and posts to /v1/traces.
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new HttpInstrumentation({
        // Health probes and scrapes would drown the traces that matter.
        ignoreIncomingRequestHook: (request) => /^\/(health|metrics)/.test(request.url ?? ''),
      }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  // Flush what is buffered when the process ends on its own (Nest's shutdown hooks end it).
  process.once('beforeExit', () => {
    void sdk.shutdown();
  });
  return sdk;
}

export const tracing = startTracing();
