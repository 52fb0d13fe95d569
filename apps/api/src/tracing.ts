import type { NodeSDK } from '@opentelemetry/sdk-node';

/** A running tracer: flush and stop it on the way out. */
export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry tracing, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise nothing of it
 * is loaded (the SDK and its instrumentations are required here, not imported), so tracing off
 * costs nothing. It must start before pg, http and graphql are first required, which is why the
 * entry points import ./tracing-start before anything else.
 *
 * Spans: each HTTP request, the GraphQL operation (parse, validate, execute) and resolvers that are
 * not plain property reads, each PostgreSQL query (statement text, never its parameters: they may
 * be a student's data), and each outgoing fetch, named for Meilisearch when it goes there. The
 * standard OTEL_* variables apply (OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_HEADERS, OTEL_BSP_*, …).
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing | null {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  // Traces only: metrics are Prometheus's (GET /metrics) and logs pino's, so the SDK's own
  // OTLP log and metric exporters stay off unless asked for.
  env.OTEL_LOGS_EXPORTER ??= 'none';
  env.OTEL_METRICS_EXPORTER ??= 'none';
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on, see above */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const quiet = new Set(['/health', '/metrics']);
  const sdk: NodeSDK = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? 'stagebank',
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => quiet.has(req.url?.split('?')[0] ?? '') }),
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true, allowValues: false }),
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    ],
  });
  sdk.start();
  traceFetch(env.MEILI_URL);
  return { shutdown: () => sdk.shutdown() };
}

/**
 * Node's fetch (undici) has no instrumentation among ours; Meilisearch's client, the geocoder and
 * webhooks all call the global fetch when they call it, so one wrapper gives each call a client span.
 */
function traceFetch(meilisearchUrl: string | undefined): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
  const { SpanKind, SpanStatusCode, trace } = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const tracer = trace.getTracer('stagebank-fetch');
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    // The embedded Meilisearch's URL is known only after this starts: a local /indexes path is one too.
    const meilisearch = (meilisearchUrl && url.href.startsWith(meilisearchUrl)) || /^\/(indexes|tasks|multi-search)\b/.test(url.pathname);
    const name = meilisearch ? `meilisearch ${method} ${url.pathname.replace(/\/documents\/[^/]+$/, '/documents/:id')}` : `${method} ${url.host}`;
    return tracer.startActiveSpan(
      name,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': method,
          'server.address': url.hostname,
          'url.path': url.pathname,
          ...(meilisearch ? { 'peer.service': 'meilisearch' } : {}),
        },
      },
      async (span) => {
        try {
          const response = await original(input, init);
          span.setAttribute('http.response.status_code', response.status);
          if (response.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
          return response;
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  };
}
