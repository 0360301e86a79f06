import type { ServerResponse } from 'node:http';
import { Registry } from 'prom-client';
import { refusalReason } from '../errors/refusals';
import { GatewayMetrics } from './gateway-metrics';
import { labelsOf, seriesKey, statusOf } from './request-labels';
import { FrameworkRequest, RequestRecord } from './request-record';

const usage = { promptTokens: 12, completionTokens: 7, cachedTokens: 0, estimated: false };

function record(fill: (r: RequestRecord) => void = () => undefined): RequestRecord {
  const r = new RequestRecord('req_1', Date.now());
  fill(r);
  return r;
}

const served = (r: RequestRecord) => {
  r.route = '/v1/chat/completions';
  r.caller('tenant-a', 'key-a');
  r.meter({ model: 'fast', provider: 'mock', stream: true, usage, costMicros: 1234, ttftMs: 40 });
};

describe('request labels', () => {
  it.each([
    ['a hot route', (r: RequestRecord) => (r.route = '/v1/messages'), { route: '/v1/messages', operation: 'chat' }],
    ['embeddings', (r: RequestRecord) => (r.route = '/v1/embeddings'), { route: '/v1/embeddings', operation: 'embeddings' }],
    ['a /me route', (r: RequestRecord) => (r.route = '/me/keys/:id'), { route: '/me/keys/:id', operation: '' }],
    ['no route (404, bad URL)', () => undefined, { route: 'unmatched', operation: '' }],
  ])('labels %s by its template', (_what, fill, expected) => {
    expect(labelsOf(record(fill), 'GET', 200, false)).toMatchObject(expected);
  });

  it('labels model and provider only for a call a target served, and the tenant only when asked', () => {
    expect(labelsOf(record(served), 'POST', 200, false)).toEqual({
      route: '/v1/chat/completions',
      method: 'POST',
      status: '200',
      provider: 'mock',
      model: 'fast',
      tenant: '',
      operation: 'chat',
    });
    expect(labelsOf(record(served), 'POST', 200, true).tenant).toBe('tenant-a');
    // A caller's unknown model name (a 404 metered with no target) never becomes a label value.
    const unknown = record((r) => r.meter({ model: 'no-such-model-1', provider: null, stream: false, usage, costMicros: 0, ttftMs: null }));
    expect(labelsOf(unknown, 'POST', 404, false)).toMatchObject({ model: '', provider: '' });
  });

  it('gives one series key per distinct label set', () => {
    const a = record((r) => r.meter({ model: 'made-up-a', provider: null, stream: false, usage, costMicros: 0, ttftMs: null }));
    const b = record((r) => r.meter({ model: 'made-up-b', provider: null, stream: false, usage, costMicros: 0, ttftMs: null }));
    expect(seriesKey(a, 'POST', 404, false)).toBe(seriesKey(b, 'POST', 404, false));
    expect(seriesKey(record(served), 'POST', 200, false)).not.toBe(seriesKey(record(served), 'POST', 500, false));
    expect(seriesKey(record(served), 'POST', 200, true)).not.toBe(
      seriesKey(
        record((r) => (served(r), r.caller('tenant-b', null))),
        'POST',
        200,
        true,
      ),
    );
  });

  it('counts a response cut before its headers as 499', () => {
    expect(statusOf({ headersSent: false, statusCode: 200 } as ServerResponse)).toBe(499);
    expect(statusOf({ headersSent: true, statusCode: 429 } as ServerResponse)).toBe(429);
  });

  it.each([
    ['invalid_api_key', 'invalid_api_key'],
    ['insufficient_credits', 'insufficient_credits'],
    ['budget_exceeded', 'budget_exceeded'],
    ['missing_scope', 'missing_scope'],
    ['provider_not_allowed', 'provider_not_allowed'],
    ['rate_limited', 'rate_limited'],
    ['billing_unavailable', 'billing_unavailable'],
    ['invalid_request', null],
    ['upstream_error', null],
  ] as const)('refusal reason of %s is %s', (code, reason) => {
    expect(refusalReason(code)).toBe(reason);
  });
});

describe('request record', () => {
  it("takes Fastify's route template and the guards' caller at the end", () => {
    const viaKey = record(
      (r) => (r.framework = { routeOptions: { config: { url: '/v1/models/:model' } }, user: { tenantId: 't1', keyId: 'k1' } } as FrameworkRequest),
    );
    viaKey.settleFramework();
    expect([viaKey.route, viaKey.tenantId, viaKey.keyId]).toEqual(['/v1/models/:model', 't1', 'k1']);
    const viaSession = record((r) => (r.framework = { routeOptions: {}, caller: { tenantId: 't2' } } as FrameworkRequest));
    viaSession.settleFramework();
    expect([viaSession.route, viaSession.tenantId, viaSession.keyId]).toEqual(['', 't2', null]);
  });

  it('holds its end until a running metered call has its figures, then keeps the first outcome', () => {
    const r = record();
    const ended: number[] = [];
    r.meteringStarted();
    r.afterMetering(() => ended.push(r.tokensOut));
    expect(ended).toEqual([]);
    r.meter({ model: 'fast', provider: 'mock', stream: true, usage, costMicros: 10, ttftMs: 5 });
    r.meter({ model: 'fast', provider: 'mock', stream: true, usage: { ...usage, completionTokens: 0 }, costMicros: 0, ttftMs: null });
    expect(ended).toEqual([7]);
    expect(r.tokensOut).toBe(7);
  });
});

describe('GatewayMetrics', () => {
  const scrape = async (m: GatewayMetrics) => m.registry.metrics();

  it('observes requests, tokens, time to first chunk and refusals', async () => {
    const m = new GatewayMetrics(new Registry(), false);
    m.observe(record(served), 'POST', 200, 250);
    m.observe(record(served), 'POST', 200, 750);
    m.observe(
      record((r) => ((r.route = '/v1/chat/completions'), (r.refusal = 'invalid_api_key'))),
      'POST',
      401,
      1,
    );
    const text = await scrape(m);
    const genAi = 'gen_ai_request_model="fast",gen_ai_provider_name="mock",gen_ai_operation_name="chat"';
    expect(text).toContain('tollgate_http_requests_total{route="/v1/chat/completions",method="POST",status="200",provider="mock",model="fast"} 2');
    expect(text).toContain(`gen_ai_client_token_usage_sum{gen_ai_token_type="input",${genAi}} 24`);
    expect(text).toContain(`gen_ai_client_token_usage_sum{gen_ai_token_type="output",${genAi}} 14`);
    expect(text).toContain(`gen_ai_client_operation_duration_seconds_sum{${genAi}} 1`);
    expect(text).toContain(`gen_ai_client_time_to_first_chunk_seconds_count{${genAi}} 2`);
    expect(text).toContain('tollgate_refusals_total{reason="invalid_api_key"} 1');
    expect(text).not.toContain('tenant=');
  });

  it('labels by tenant only when METRICS_TENANT_LABEL is on', async () => {
    const m = new GatewayMetrics(new Registry(), true);
    m.observe(record(served), 'POST', 200, 10);
    expect(await scrape(m)).toContain('provider="mock",model="fast",tenant="tenant-a"} 1');
  });

  it('reads its gauges when scraped', async () => {
    const m = new GatewayMetrics(new Registry(), false);
    let backlog = 3;
    m.watch({
      circuits: () => [{ target: 'p1:gpt', state: 'open' }],
      usageBacklog: () => backlog,
      holdsInFlight: () => 2,
      requestsInFlight: () => 1,
      settleFailures: () => 4,
      keepAliveFailures: () => 0,
    });
    backlog = 5;
    const text = await scrape(m);
    expect(text).toContain('tollgate_upstream_circuit_state{target="p1:gpt",state="open"} 1');
    expect(text).toContain('tollgate_upstream_circuit_state{target="p1:gpt",state="closed"} 0');
    expect(text).toContain('tollgate_usage_publish_backlog 5');
    expect(text).toContain('tollgate_credit_holds_in_flight 2');
    expect(text).toContain('tollgate_credit_hold_failures_total{operation="settle"} 4');
    expect(text).toContain('tollgate_credit_hold_failures_total{operation="keep_alive"} 0');
  });
});
