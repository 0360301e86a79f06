import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import type { UsageRecorded } from '@tollgate/contracts';
import { Bus } from '@tollgate/messaging';
import { AdminClient } from './support/admin-client';
import { publishUsage, STANDARD_SECRETS, standardSignature, usageEvent } from './support/billing-stack';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, tenantWithKey, TenantFixture } from './support/fixtures';
import { portal } from './support/portal';
import { startStack, Stack } from './support/stack';

interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Every sample of `name` in a Prometheus text exposition. */
function samples(text: string, name: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) return [];
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    return [{ labels, value: Number(m[3]) }];
  });
}

/** The sum of the samples of `name` whose labels include `want`; 0 when there is none yet. */
function value(text: string, name: string, want: Record<string, string> = {}): number {
  return samples(text, name)
    .filter((s) => Object.entries(want).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

async function scrape(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (res.status !== 200) throw new Error(`GET ${baseUrl}/metrics → ${res.status}`);
  return res.text();
}

describe('billing and auth /metrics after real calls', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let client: OpenAI;

  beforeAll(async () => {
    env = await createTestEnv();
    // The payment webhooks on a listener of their own, as in production: /metrics must stay off it.
    stack = await startStack(env, { billingEnv: { BILLING_WEBHOOK_PORT: '0' } });
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack);
    client = new OpenAI({ apiKey: t.key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  it('billing shows N more events booked and N more booking-lag observations after N metered calls; auth saw the key as valid', async () => {
    const N = 5;
    const billingBefore = await scrape(stack.billing.url);
    const authBefore = await scrape(stack.auth.url);
    for (let i = 0; i < N; i++) await client.chat.completions.create({ model: 'tollgate-fast', messages: [{ role: 'user', content: `metered call ${i}` }] });

    const booked = (text: string) => value(text, 'tollgate_usage_events_booked_total') - value(billingBefore, 'tollgate_usage_events_booked_total');
    const billing = await eventually(
      () => scrape(stack.billing.url),
      (text) => booked(text) >= N,
    );
    expect(booked(billing)).toBe(N);
    expect(value(billing, 'tollgate_booking_lag_seconds_count') - value(billingBefore, 'tollgate_booking_lag_seconds_count')).toBe(N);
    expect(value(billing, 'tollgate_booking_batch_size_sum') - value(billingBefore, 'tollgate_booking_batch_size_sum')).toBe(N);
    expect(samples(billing, 'tollgate_usage_events_booked_total')[0].labels).toEqual({ service: 'billing' }); // no tenant label unless turned on

    const auth = await scrape(stack.auth.url);
    const valid = { outcome: 'valid' };
    expect(value(auth, 'tollgate_key_verifications_total', valid)).toBeGreaterThan(value(authBefore, 'tollgate_key_verifications_total', valid));
    expect(value(auth, 'tollgate_key_verification_duration_seconds_count')).toBeGreaterThan(
      value(authBefore, 'tollgate_key_verification_duration_seconds_count'),
    );
  });

  it("auth counts a revoked key's verification as revoked, and the revocation itself", async () => {
    const key = await admin.createKey(t.tenantId, { label: 'to revoke' });
    const before = await scrape(stack.auth.url);
    await admin.revokeKey(key.id);
    const refused = new OpenAI({ apiKey: key.key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
    await expect(refused.chat.completions.create({ model: 'tollgate-fast', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 401,
    });

    const after = await scrape(stack.auth.url);
    const revoked = { outcome: 'revoked' };
    expect(value(after, 'tollgate_key_verifications_total', revoked) - value(before, 'tollgate_key_verifications_total', revoked)).toBe(1);
    expect(value(after, 'tollgate_revocations_total', { change: 'revoked' }) - value(before, 'tollgate_revocations_total', { change: 'revoked' })).toBe(1);
    expect(
      value(after, 'tollgate_admin_writes_total', { resource: 'keys/revoke' }) - value(before, 'tollgate_admin_writes_total', { resource: 'keys/revoke' }),
    ).toBe(1);
    expect(value(after, 'tollgate_admin_writes_total', { resource: 'tenants/keys' })).toBeGreaterThanOrEqual(2);
  });

  it('billing reports the usage consumer backlog and the parked events as numbers', async () => {
    const text = await scrape(stack.billing.url);
    for (const state of ['pending', 'ack_pending']) {
      const [s] = samples(text, 'tollgate_usage_consumer_pending').filter((x) => x.labels.state === state);
      expect(s).toBeDefined();
      expect(Number.isFinite(s.value) && s.value >= 0).toBe(true);
    }
    const [parked] = samples(text, 'tollgate_usage_parked');
    expect(parked.value).toBe(0);
  });

  it('counts a failed portal sign-in, a credited payment and a rendered statement', async () => {
    const [authBefore, billingBefore] = await Promise.all([scrape(stack.auth.url), scrape(stack.billing.url)]);
    const signIn = await portal(stack.gateway.url, 'POST', '/me/session', { body: { email: 'nobody@example.test', password: 'not-the-password-1' } });
    expect(signIn.status).toBe(401);

    const body = JSON.stringify({
      type: 'payment.succeeded',
      data: { tenant_id: t.tenantId, amount_micros: 5_000_000, currency: 'USD', payment_id: `pay_${randomUUID()}` },
    });
    const id = `msg_${randomUUID()}`;
    const ts = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(ts),
      'webhook-signature': standardSignature(id, ts, body, STANDARD_SECRETS[0]),
    };
    const paid = await fetch(`${stack.billing.webhookUrl}/webhooks/payments/standard`, { method: 'POST', headers, body });
    expect(await paid.json()).toMatchObject({ outcome: 'credited' });

    const month = new Date().toISOString().slice(0, 7);
    const pdf = await fetch(`${stack.billing.url}/admin/tenants/${t.tenantId}/statements/${month}?format=pdf`, {
      headers: { authorization: `Bearer ${env.adminToken}` },
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    await pdf.arrayBuffer();

    const [auth, billing] = await Promise.all([scrape(stack.auth.url), scrape(stack.billing.url)]);
    const failed = { outcome: 'invalid_credentials' };
    expect(value(auth, 'tollgate_portal_sign_ins_total', failed) - value(authBefore, 'tollgate_portal_sign_ins_total', failed)).toBe(1);
    const credited = { provider: 'standard', via: 'webhook' };
    expect(value(billing, 'tollgate_payments_credited_total', credited) - value(billingBefore, 'tollgate_payments_credited_total', credited)).toBe(1);
    const rendered = { document: 'statement', outcome: 'ok' };
    expect(value(billing, 'tollgate_pdf_renders_total', rendered) - value(billingBefore, 'tollgate_pdf_renders_total', rendered)).toBe(1);
    expect(value(billing, 'tollgate_pdf_render_duration_seconds_count', { document: 'statement' })).toBeGreaterThanOrEqual(1);
  });

  it('counts a redelivered event once, and an invalid one as a parked failure', async () => {
    const bus = await Bus.connect({ url: NATS_URL, prefix: env.natsPrefix, name: 'test-gateway' });
    try {
      const before = await scrape(stack.billing.url);
      const grew = (text: string, name: string, labels: Record<string, string> = {}) => value(text, name, labels) - value(before, name, labels);
      const first = usageEvent(t.tenantId);
      await publishUsage(bus, [first]);
      await eventually(
        () => scrape(stack.billing.url),
        (text) => grew(text, 'tollgate_usage_events_booked_total') >= 1,
      );
      // The same call again (a gateway retry past JetStream's dedupe window) with one new call, in one message.
      await publishUsage(bus, [first, usageEvent(t.tenantId)]);
      const booked = await eventually(
        () => scrape(stack.billing.url),
        (text) => grew(text, 'tollgate_usage_events_booked_total') >= 2,
      );
      expect(grew(booked, 'tollgate_usage_events_booked_total')).toBe(2);
      expect(grew(booked, 'tollgate_booking_lag_seconds_count')).toBe(2);

      await publishUsage(bus, [{ ...usageEvent(t.tenantId), tenantId: 'not-a-uuid' } as UsageRecorded]);
      const parked = await eventually(
        () => scrape(stack.billing.url),
        (text) => value(text, 'tollgate_usage_parked') >= 1,
      );
      expect(value(parked, 'tollgate_usage_parked')).toBe(1);
      expect(grew(parked, 'tollgate_booking_failures_total', { reason: 'invalid_payload' })).toBe(1);
    } finally {
      await bus.close();
    }
  });

  it('serves /metrics on the admin ports only, never on the public webhook listener', async () => {
    expect(stack.billing.webhookUrl).not.toBe(stack.billing.url);
    expect((await fetch(`${stack.billing.webhookUrl}/metrics`)).status).toBe(404);
    const [billing, auth] = await Promise.all([scrape(stack.billing.url), scrape(stack.auth.url)]);
    expect(samples(billing, 'process_resident_memory_bytes')[0].labels.service).toBe('billing');
    expect(samples(auth, 'process_resident_memory_bytes')[0].labels.service).toBe('auth');
  });
});
