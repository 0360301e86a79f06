import { randomUUID } from 'node:crypto';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import { Bus } from '@tollgate/messaging';
import { billingFor, everyTenantKnown, STRIPE_SECRETS, stripeSignature } from './support/billing-stack';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';

describe('payment webhooks on their own port (BILLING_WEBHOOK_PORT)', () => {
  let env: TestEnv;
  let billing: RunningBilling;
  let bus: Bus;
  const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${billing.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${env.adminToken}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
  const paid = (base: string, tenantId: string, contentType = 'application/json') => {
    const body = JSON.stringify({
      id: `evt_${randomUUID()}`,
      type: 'checkout.session.completed',
      data: {
        object: {
          id: `cs_${randomUUID()}`,
          payment_intent: `pi_${randomUUID()}`,
          payment_status: 'paid',
          amount_total: 500,
          currency: 'usd',
          metadata: { tenant_id: tenantId },
        },
      },
    });
    return fetch(`${base}/webhooks/payments/stripe`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'stripe-signature': stripeSignature(body, STRIPE_SECRETS[0]) },
      body,
    });
  };

  beforeAll(async () => {
    env = await createTestEnv();
    billing = await billingFor(env, { BILLING_WEBHOOK_PORT: '0' });
    bus = await Bus.connect({ url: NATS_URL, prefix: env.natsPrefix, name: 'test-auth' });
    everyTenantKnown(bus);
  });

  afterAll(async () => {
    await bus?.close();
    await billing?.close();
    await env?.drop();
  });

  it('credits payments posted to the webhook port, and the admin port serves no webhook', async () => {
    expect(billing.webhookUrl).not.toBe(billing.url);
    const tenant = randomUUID();
    expect((await admin(`/admin/tenants/${tenant}/credits`, { method: 'POST', body: { amountMicros: 1, reason: 'open the account' } })).status).toBe(201);
    const res = await paid(billing.webhookUrl, tenant);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, outcome: 'credited' });
    expect(((await (await admin(`/admin/tenants/${tenant}/balance`)).json()) as { balanceMicros: number }).balanceMicros).toBe(5_000_001);
    expect((await paid(billing.url, tenant)).status).toBe(404);
  });

  it('credits a signed body sent as text/plain: the signature covers the bytes, whatever the type says', async () => {
    const tenant = randomUUID();
    expect((await admin(`/admin/tenants/${tenant}/credits`, { method: 'POST', body: { amountMicros: 1, reason: 'open the account' } })).status).toBe(201);
    const res = await paid(billing.webhookUrl, tenant, 'text/plain');
    expect(await res.json()).toEqual({ received: true, outcome: 'credited' });
    expect(((await (await admin(`/admin/tenants/${tenant}/balance`)).json()) as { balanceMicros: number }).balanceMicros).toBe(5_000_001);
  });

  it('answers 404 to anything but a webhook on the webhook port, admin routes included', async () => {
    const res = await fetch(`${billing.webhookUrl}/admin/prices`, { headers: { authorization: `Bearer ${env.adminToken}` } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await fetch(`${billing.webhookUrl}/health/ready`)).status).toBe(404);
  });
});
