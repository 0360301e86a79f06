import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { AlertRaised } from '@tollgate/contracts';
import { Bus } from '@tollgate/messaging';
import type { RunningAuth } from '../apps/auth/src/bootstrap';
import { AdminClient } from './support/admin-client';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import { billingFor, STANDARD_SECRETS, standardSignature } from './support/billing-stack';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, chat, tenantWithKey, TenantFixture } from './support/fixtures';
import { authFor, startStack, Stack } from './support/stack';
import { ReceivedWebhook, startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

type Reply = { status: number; body: Record<string, any> };

const BILLING_ENV = {
  WEBHOOK_SECRET_KEY: 'webhook-sealing-key-for-tests-0123',
  ALLOW_PRIVATE_WEBHOOKS: 'true',
  WEBHOOK_RETRY_SCHEDULE: '100,200,400',
  WEBHOOK_POLL_MS: '50',
};

describe('alerts by signed webhook', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let receiver: WebhookReceiver;
  let bus: Bus;
  let a: TenantFixture;
  let b: TenantFixture;
  let extraAuth: RunningAuth | undefined;
  let secondBilling: RunningBilling | undefined;

  const me = async (key: string, method: string, path: string, body?: unknown): Promise<Reply> => {
    const res = await fetch(`${stack.gateway.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
  };
  const addEndpoint = async (key: string, path: string, eventTypes: string[]) => {
    const res = await me(key, 'POST', '/me/webhooks', { url: `${receiver.url}${path}`, event_types: eventTypes, description: `test ${path}` });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string };
  };
  const verifies = (secret: string, r: ReceivedWebhook): boolean => {
    try {
      new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
      return true;
    } catch {
      return false;
    }
  };
  const deliveries = async (key: string, endpointId: string) =>
    (await me(key, 'GET', `/me/webhooks/${endpointId}/deliveries`)).body.data as Record<string, any>[];
  const balance = async (tenantId: string) =>
    (await admin.call<{ balanceMicros: number }>('billing', 'GET', `/admin/tenants/${tenantId}/balance`)).body.balanceMicros;

  beforeAll(async () => {
    env = await createTestEnv();
    receiver = await startWebhookReceiver();
    stack = await startStack(env, { billingEnv: BILLING_ENV });
    admin = adminFor(env, stack);
    await admin.priceModel('tollgate-fast');
    const scopes = ['chat:write', 'billing:read', 'billing:write'];
    a = await tenantWithKey(admin, stack, { name: 'alerts-a', scopes });
    b = await tenantWithKey(admin, stack, { name: 'alerts-b', scopes });
    bus = await Bus.connect({ url: NATS_URL, prefix: env.natsPrefix, name: 'alert-webhooks-test' });
  });

  afterAll(async () => {
    await bus?.close();
    await extraAuth?.close();
    await secondBilling?.close();
    await stack?.close();
    await receiver?.close();
    await env?.drop();
  });

  it('fires balance.low once when calls drive the balance below the threshold, and again only after it went back above', async () => {
    const hook = await addEndpoint(a.key, '/balance', ['balance.low']);
    const start = await balance(a.tenantId);
    expect((await chat(stack.gateway.baseUrl, a.key)).status).toBe(200);
    const afterOne = await eventually(
      () => balance(a.tenantId),
      (v) => v < start,
    );
    const cost = start - afterOne;
    expect(cost).toBeGreaterThan(1);
    const threshold = afterOne - Math.floor(cost / 2);
    expect((await me(a.key, 'PUT', '/me/webhooks/settings', { balance_low_threshold_micros: threshold })).body).toEqual({
      balance_low_threshold_micros: threshold,
    });

    for (let i = 0; i < 3; i++) expect((await chat(stack.gateway.baseUrl, a.key)).status).toBe(200);
    expect(
      await eventually(
        () => balance(a.tenantId),
        (v) => v === afterOne - 3 * cost,
      ),
    ).toBe(afterOne - 3 * cost);
    const first = await eventually(
      async () => receiver.at('/balance'),
      (r) => r.length >= 1,
    );
    expect(first).toHaveLength(1);
    expect(verifies(hook.secret, first[0])).toBe(true);
    // The balance it crossed to (calls booked together cross together).
    expect(first[0].json).toEqual({
      type: 'balance.low',
      timestamp: expect.any(String),
      data: { balance_micros: expect.any(Number), threshold_micros: threshold },
    });
    expect(first[0].json.data.balance_micros).toBeLessThan(threshold);
    expect(first[0].json.data.balance_micros).toBeGreaterThanOrEqual(afterOne - 3 * cost);
    // Every call is booked and every delivery settled: still exactly one.
    const log = await eventually(
      () => deliveries(a.key, hook.id),
      (d) => d.every((x) => x.status === 'delivered'),
    );
    expect(log).toHaveLength(1);
    expect(receiver.at('/balance')).toHaveLength(1);

    // Back above the threshold (re-armed), then below again: a second alert.
    await admin.credit(a.tenantId, 3 * cost);
    expect(
      await eventually(
        () => balance(a.tenantId),
        (v) => v === afterOne,
      ),
    ).toBe(afterOne);
    expect((await chat(stack.gateway.baseUrl, a.key)).status).toBe(200);
    const second = await eventually(
      async () => receiver.at('/balance'),
      (r) => r.length >= 2,
    );
    expect(second).toHaveLength(2);
    expect(second[1].json.data).toEqual({ balance_micros: afterOne - cost, threshold_micros: threshold });
    await me(a.key, 'PUT', '/me/webhooks/settings', { balance_low_threshold_micros: null });
  });

  it('retries a delivery the receiver refuses: the third attempt succeeds, with the same id and a valid signature each time', async () => {
    const hook = await addEndpoint(a.key, '/retry', ['payment.credited']);
    receiver.failNext(2, '/retry');
    const queued = await me(a.key, 'POST', `/me/webhooks/${hook.id}/test`);
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ object: 'webhook_delivery', type: 'webhook.test', status: 'pending', attempts: 0 });

    const log = await eventually(
      () => deliveries(a.key, hook.id),
      (d) => d[0]?.status === 'delivered',
    );
    expect(log[0]).toMatchObject({ id: queued.body.id, status: 'delivered', attempts: 3, last_status_code: 204, last_error: null, next_attempt_at: null });
    const got = receiver.at('/retry');
    expect(got.map((r) => r.status)).toEqual([500, 500, 204]);
    expect(new Set(got.map((r) => r.headers['webhook-id']))).toEqual(new Set([queued.body.id]));
    expect(got.every((r) => verifies(hook.secret, r))).toBe(true);
    expect(got[2].json).toMatchObject({ type: 'webhook.test', data: { message: expect.any(String) } });
  });

  it('marks a delivery failed once the retry schedule is used up, with the last status and error in the log', async () => {
    const hook = await addEndpoint(a.key, '/dead', ['balance.low']);
    receiver.failNext(100, '/dead');
    const queued = await me(a.key, 'POST', `/me/webhooks/${hook.id}/test`);
    const log = await eventually(
      () => deliveries(a.key, hook.id),
      (d) => d[0]?.status === 'failed',
    );
    expect(log[0]).toMatchObject({
      id: queued.body.id,
      status: 'failed',
      attempts: 4,
      last_status_code: 500,
      last_error: 'HTTP 500: receiver says no',
      next_attempt_at: null,
      delivered_at: null,
    });
    expect(receiver.at('/dead')).toHaveLength(4);
  });

  it('two billing replicas deliver each queued event once', async () => {
    secondBilling = await billingFor(env, BILLING_ENV);
    const hook = await addEndpoint(a.key, '/many', ['balance.low']);
    const queued = await Promise.all(Array.from({ length: 20 }, async () => (await me(a.key, 'POST', `/me/webhooks/${hook.id}/test`)).body.id as string));
    await eventually(
      () => deliveries(a.key, hook.id),
      (d) => d.length === 20 && d.every((x) => x.status === 'delivered'),
    );
    const ids = receiver.at('/many').map((r) => r.headers['webhook-id']);
    expect(ids.sort()).toEqual([...queued].sort());
  });

  it('delivers a budget.threshold published on tenants.alerts.raised.v1 once, even when published more than once', async () => {
    const hook = await addEndpoint(a.key, '/budget', ['budget.threshold', 'budget.exceeded']);
    const alert: AlertRaised = {
      tenantId: a.tenantId,
      type: 'budget.threshold',
      occurredAt: new Date().toISOString(),
      dedupeKey: `budget.threshold:${a.keyId}:${randomUUID()}`,
      data: {
        scope: 'key',
        keyId: a.keyId,
        budgetMicros: 10_000_000,
        spentMicros: 8_100_000,
        period: 'day',
        periodStart: '2026-11-26T00:00:00.000Z',
        periodEnd: '2026-11-27T00:00:00.000Z',
        percent: 80,
      },
    };
    await bus.publishDurable('alertRaised', alert, alert.dedupeKey);
    await bus.publishDurable('alertRaised', alert, alert.dedupeKey);
    // Past JetStream's dedupe (another message id): billing's own (tenant, dedupe key) record keeps it once.
    const again = { ...alert, occurredAt: new Date(Date.parse(alert.occurredAt) + 1).toISOString() };
    await bus.publishDurable('alertRaised', again, `${alert.dedupeKey}#again`);
    const sentinel: AlertRaised = {
      ...alert,
      type: 'budget.exceeded',
      dedupeKey: `budget.exceeded:${randomUUID()}`,
      data: { ...alert.data, spentMicros: 10_200_000, percent: null },
    };
    await bus.publishDurable('alertRaised', sentinel, sentinel.dedupeKey);

    await eventually(
      async () => receiver.at('/budget'),
      (r) => r.some((x) => x.json.type === 'budget.exceeded'),
    );
    await eventually(
      () => deliveries(a.key, hook.id),
      (d) => d.length >= 2 && d.every((x) => x.status === 'delivered'),
    );
    const got = receiver.at('/budget');
    expect(got.filter((r) => r.json.type === 'budget.threshold')).toHaveLength(1);
    const delivered = got.find((r) => r.json.type === 'budget.threshold')!.json;
    // Whichever of the two copies billing recorded first (the copies differ only in their time).
    expect([alert.occurredAt, again.occurredAt]).toContain(delivered.timestamp);
    expect(delivered).toEqual({
      type: 'budget.threshold',
      timestamp: delivered.timestamp,
      data: {
        scope: 'key',
        key_id: a.keyId,
        budget_micros: 10_000_000,
        spent_micros: 8_100_000,
        period: 'day',
        period_start: '2026-11-26T00:00:00.000Z',
        period_end: '2026-11-27T00:00:00.000Z',
        percent: 80,
      },
    });
    expect(got.every((r) => verifies(hook.secret, r))).toBe(true);
    // B's endpoints hear nothing of A's alerts.
    expect(receiver.received.filter((r) => r.path.startsWith('/b-'))).toHaveLength(0);
  });

  it('sends payment.credited once after a signed payment webhook credits the tenant', async () => {
    const hook = await addEndpoint(a.key, '/pay', ['payment.credited']);
    const paymentId = `pay_${randomUUID()}`;
    const body = JSON.stringify({
      type: 'payment.succeeded',
      data: { tenant_id: a.tenantId, amount_micros: 25_000_000, currency: 'USD', payment_id: paymentId },
    });
    const send = async () => {
      const id = `msg_${randomUUID()}`;
      const ts = Math.floor(Date.now() / 1000);
      const res = await fetch(`${stack.billing.url}/webhooks/payments/standard`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(ts),
          'webhook-signature': standardSignature(id, ts, body, STANDARD_SECRETS[0]),
        },
        body,
      });
      return ((await res.json()) as { outcome: string }).outcome;
    };
    expect(await send()).toBe('credited');
    expect(await send()).toBe('duplicate');
    const got = await eventually(
      async () => receiver.at('/pay'),
      (r) => r.length >= 1,
    );
    expect(got).toHaveLength(1);
    expect(verifies(hook.secret, got[0])).toBe(true);
    expect(got[0].json).toMatchObject({
      type: 'payment.credited',
      data: { provider: 'standard', payment_id: paymentId, amount_micros: 25_000_000, balance_micros: await balance(a.tenantId) },
    });
    await eventually(
      () => deliveries(a.key, hook.id),
      (d) => d.every((x) => x.status === 'delivered'),
    );
    expect(receiver.at('/pay')).toHaveLength(1);
  });

  it('rotating the secret invalidates the old one: the next delivery verifies with the new secret only', async () => {
    const hook = await addEndpoint(a.key, '/rotate', ['balance.low']);
    const rotated = await me(a.key, 'POST', `/me/webhooks/${hook.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ id: hook.id, secret: expect.stringMatching(/^whsec_/), secret_rotated_at: expect.any(String) });
    expect(rotated.body.secret).not.toBe(hook.secret);
    expect((await me(a.key, 'GET', '/me/webhooks')).body.data.find((e: { id: string }) => e.id === hook.id)).not.toHaveProperty('secret');

    await me(a.key, 'POST', `/me/webhooks/${hook.id}/test`);
    const got = await eventually(
      async () => receiver.at('/rotate'),
      (r) => r.length >= 1,
    );
    expect(verifies(rotated.body.secret, got[0])).toBe(true);
    expect(verifies(hook.secret, got[0])).toBe(false);
  });

  it('another tenant can neither see nor touch an endpoint (404), through /me or the admin API', async () => {
    const hook = await addEndpoint(a.key, '/private', ['balance.low']);
    expect((await me(b.key, 'GET', '/me/webhooks')).body.data.map((e: { id: string }) => e.id)).not.toContain(hook.id);
    for (const [method, path, body] of [
      ['PATCH', `/me/webhooks/${hook.id}`, { url: `${receiver.url}/b-stolen` }],
      ['DELETE', `/me/webhooks/${hook.id}`, undefined],
      ['POST', `/me/webhooks/${hook.id}/rotate-secret`, undefined],
      ['POST', `/me/webhooks/${hook.id}/test`, undefined],
      ['GET', `/me/webhooks/${hook.id}/deliveries`, undefined],
    ] as const) {
      const res = await me(b.key, method, path, body);
      expect({ method, path, status: res.status, code: res.body.error?.code }).toEqual({ method, path, status: 404, code: 'not_found' });
    }
    expect((await admin.call('billing', 'GET', `/admin/tenants/${b.tenantId}/webhooks/${hook.id}/deliveries`)).status).toBe(404);
    const mine = (await me(a.key, 'GET', '/me/webhooks')).body.data.find((e: { id: string }) => e.id === hook.id);
    expect(mine).toMatchObject({ url: `${receiver.url}/private`, enabled: true });
    expect(receiver.received.filter((r) => r.path === '/b-stolen')).toHaveLength(0);
  });

  it('refuses URLs that could reach internal addresses, and needs billing:write to change endpoints', async () => {
    for (const url of ['http://example.com/hook', 'http://169.254.169.254/latest/meta-data', 'https://user:pw@example.com/', 'ftp://example.com/']) {
      const res = await me(a.key, 'POST', '/me/webhooks', { url, event_types: ['balance.low'] });
      expect({ url, status: res.status, param: res.body.error?.param }).toEqual({ url, status: 400, param: 'url' });
    }
    const reader = (await admin.createKey(a.tenantId, { label: 'reader', scopes: ['billing:read'] })).key;
    expect((await me(reader, 'GET', '/me/webhooks')).status).toBe(200);
    const denied = await me(reader, 'POST', '/me/webhooks', { url: `${receiver.url}/x`, event_types: ['balance.low'] });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('missing_scope');
  });

  it('auth raises key.expiring once per key expiring within KEY_EXPIRY_ALERT_DAYS', async () => {
    const hook = await addEndpoint(b.key, '/b-keys', ['key.expiring']);
    const soon = await admin.createKey(b.tenantId, { label: 'expires soon', expiresAt: new Date(Date.now() + 2 * 86_400_000).toISOString() });
    await admin.createKey(b.tenantId, { label: 'expires later', expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    extraAuth = await authFor(env, { KEY_EXPIRY_SCAN_MS: '100', KEY_EXPIRY_ALERT_DAYS: '7' });
    const got = await eventually(
      async () => receiver.at('/b-keys'),
      (r) => r.length >= 1,
    );
    expect(got[0].json).toMatchObject({ type: 'key.expiring', data: { key_id: soon.id, label: 'expires soon', expires_at: expect.any(String) } });
    expect(verifies(hook.secret, got[0])).toBe(true);
    // A later key is alerted by a later scan; the first is not alerted again.
    const sentinel = await admin.createKey(b.tenantId, { label: 'sentinel', expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    await eventually(
      async () => receiver.at('/b-keys'),
      (r) => r.some((x) => x.json.data.key_id === sentinel.id),
    );
    expect(receiver.at('/b-keys').filter((r) => r.json.data.key_id === soon.id)).toHaveLength(1);
    expect(receiver.at('/b-keys').map((r) => r.json.data.label)).not.toContain('expires later');
  });
});
