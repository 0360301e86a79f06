import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type TextMapGetter,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  InMemorySpanExporter,
  ParentBasedSampler,
  Sampler,
  SimpleSpanProcessor,
  SpanProcessor,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** The OTEL_* variables startTracing reads (the OpenTelemetry SDK's own names). */
export interface TracingEnv {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  OTEL_TRACES_EXPORTER?: string;
  OTEL_TRACES_SAMPLER?: string;
  OTEL_TRACES_SAMPLER_ARG?: string;
  OTEL_SERVICE_NAME?: string;
}

export interface Tracing {
  readonly enabled: boolean;
  /** Exports what is buffered, then stops (call after the service closed). */
  shutdown(): Promise<void>;
}

/**
 * Whether a tracer provider is installed. Every hot-path hook reads this first and does nothing
 * more when it is false: no context, no span object, no header.
 */
let on = false;
let provider: TracerProvider | null = null;

export function tracingEnabled(): boolean {
  return on;
}

const OFF: Tracing = { enabled: false, shutdown: () => Promise.resolve() };

/**
 * Starts OpenTelemetry tracing for `service` when OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_TRACES_EXPORTER=otlp with the SDK's default
 * endpoint) is set: a batch processor exporting over OTLP/HTTP, W3C trace context, the sampler
 * of OTEL_TRACES_SAMPLER/_ARG. Otherwise registers nothing: the OpenTelemetry API stays a no-op.
 * Call once per process, before the service starts.
 */
export function startTracing(service: string, env: TracingEnv = process.env): Tracing {
  const exporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  const configured = !!(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || exporter === 'otlp');
  if (!configured || exporter === 'none' || on) return OFF;
  const url = tracesUrl(env);
  install(service, env, new BatchSpanProcessor({ exporter: new (otlpExporter())(url ? { url } : {}) }));
  return { enabled: true, shutdown: stopTracing };
}

/**
 * The OTLP/HTTP exporter, loaded only when tracing is on: with its serialisers (the OpenTelemetry
 * metrics SDK among them) it is ~1.5 MiB of a service's idle memory that an untraced one never uses.
 */
function otlpExporter(): typeof OTLPTraceExporter {
  return (require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter;
}

/**
 * For tests: every span of every service in this process goes to the returned in-memory
 * exporter as it ends (sampled always). `stopTracing()` uninstalls it.
 */
export function installTestTracing(service = 'tollgate-test'): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  install(service, { OTEL_TRACES_SAMPLER: 'always_on' }, new SimpleSpanProcessor({ exporter }));
  return exporter;
}

/** Flushes and removes the installed provider; the API is a no-op again. */
export async function stopTracing(): Promise<void> {
  const current = provider;
  on = false;
  provider = null;
  // Flushed while the context manager is still in place; then the API is a no-op again.
  await current?.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
}

function install(service: string, env: TracingEnv, processor: SpanProcessor): void {
  provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME || `tollgate-${service}` }),
    sampler: samplerOf(env),
    spanProcessors: [processor],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  on = true;
}

function tracesUrl(env: TracingEnv): string | undefined {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  return undefined;
}

/** OTEL_TRACES_SAMPLER as the SDK specifies it; the default is parentbased_always_on. */
export function samplerOf(env: TracingEnv): Sampler {
  const arg = Number(env.OTEL_TRACES_SAMPLER_ARG ?? '1');
  const ratio = Number.isFinite(arg) && arg >= 0 && arg <= 1 ? arg : 1;
  switch ((env.OTEL_TRACES_SAMPLER ?? '').trim().toLowerCase()) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/** Node's incoming headers as a propagation carrier (header names are lower case there). */
export const nodeHeaderGetter: TextMapGetter<Record<string, string | string[] | undefined>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/**
 * The caller's W3C trace context (traceparent/tracestate) from incoming headers, on the root
 * context (never whatever context the socket's callback happens to run in).
 */
export function callerContext(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(ROOT_CONTEXT, headers, nodeHeaderGetter);
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** Contexts this span relates to without being their child (e.g. the messages a batch booked). */
  links?: Link[];
  /** The parent (default: the active context). */
  parent?: Context;
}

/**
 * Runs `fn` in a span of `tracer` named `name` (active while it runs), ended when its promise
 * settles; a rejection sets `error.type` and the error status. With tracing off: `fn()` and nothing else.
 */
export function inSpan<T>(tracer: string, name: string, options: SpanOptions, fn: () => Promise<T>): Promise<T> {
  if (!on) return fn();
  const parent = options.parent ?? context.active();
  const span = trace
    .getTracer(tracer)
    .startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links: options.links }, parent);
  return context.with(trace.setSpan(parent, span), fn).then(
    (value) => {
      span.end();
      return value;
    },
    (err: unknown) => {
      span.setAttribute('error.type', errorType(err));
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      throw err;
    },
  );
}

function errorType(err: unknown): string {
  if (err && typeof err === 'object') {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    if (err instanceof Error) return err.name;
  }
  return 'Error';
}
