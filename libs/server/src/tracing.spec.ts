import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { inSpan, installTestTracing, samplerOf, startTracing, stopTracing, tracingEnabled } from './tracing';

/** The provider the global API delegates to (the API wraps whatever is registered in a proxy). */
function registered(): unknown {
  const provider = trace.getTracerProvider();
  return provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider;
}

describe('startTracing', () => {
  afterEach(() => stopTracing());

  it('registers nothing without an OTLP endpoint: the API stays a no-op and inSpan only runs the function', async () => {
    const tracing = startTracing('gateway', {});
    expect(tracing.enabled).toBe(false);
    expect(tracingEnabled()).toBe(false);
    expect(registered()).not.toBeInstanceOf(TracerProvider);
    expect(await inSpan('t', 'work', {}, () => Promise.resolve(trace.getActiveSpan()))).toBeUndefined();
  });

  it('OTEL_TRACES_EXPORTER=none wins over an endpoint', () => {
    expect(startTracing('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_EXPORTER: 'none' }).enabled).toBe(false);
    expect(registered()).not.toBeInstanceOf(TracerProvider);
  });

  it('registers a provider when an endpoint is configured, and shutdown removes it', async () => {
    const tracing = startTracing('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' });
    expect(tracing.enabled).toBe(true);
    expect(registered()).toBeInstanceOf(TracerProvider);
    await tracing.shutdown();
    expect(tracingEnabled()).toBe(false);
    expect(registered()).not.toBeInstanceOf(TracerProvider);
  });

  it('inSpan makes its span active, ends it, and marks a rejection with error.type', async () => {
    const exporter = installTestTracing();
    const active = await inSpan('t', 'ok', {}, () => Promise.resolve(trace.getActiveSpan()?.spanContext().spanId));
    await expect(inSpan('t', 'bad', {}, () => Promise.reject(Object.assign(new Error('x'), { code: 'timeout' })))).rejects.toThrow('x');
    const [ok, bad] = exporter.getFinishedSpans();
    expect(ok.spanContext().spanId).toBe(active);
    expect(bad.attributes['error.type']).toBe('timeout');
  });
});

describe('samplerOf', () => {
  it('follows OTEL_TRACES_SAMPLER and its ratio; parent-based always-on by default', () => {
    expect(samplerOf({}).toString()).toContain('ParentBased{root=AlwaysOnSampler');
    expect(samplerOf({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }).toString()).toContain('TraceIdRatioBased{0.25}');
    expect(samplerOf({ OTEL_TRACES_SAMPLER: 'always_off' }).toString()).toBe('AlwaysOffSampler');
    expect(samplerOf({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'lots' }).toString()).toBe('TraceIdRatioBased{1}');
  });
});
