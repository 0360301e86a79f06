import { randomUUID } from 'node:crypto';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import { createTestEnv, TestEnv } from './support/env';
import type { RunningAuth } from '../apps/auth/src/bootstrap';
import { authFor } from './support/stack';
import { BillingDb, billingFor, STANDARD_SECRETS, standardSignature, STRIPE_SECRETS, stripeSignature } from './support/billing-stack';

const now = () => Math.floor(Date.now() / 1000);

describe('billing: payment webhooks', () => {
  let env: TestEnv;
  let billing: RunningBilling;
  let auth: RunningAuth;
  let db: BillingDb;

  const post = (provider: string, body: string, headers: Record<string, string>) =>
    fetch(`${billing.url}/webhooks/payments/${provider}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const stripeBody = (tenantId: string, opts: { id?: string; type?: string; cents?: number; pi?: string } = {}) =>
    JSON.stringify({
      id: opts.id ?? `evt_${randomUUID()}`,
      type: opts.type ?? 'checkout.session.completed',
      data: {
        object: {
          id: `cs_${randomUUID()}`,
          payment_intent: opts.pi ?? `pi_${randomUUID()}`,
          payment_status: 'paid',
          amount_total: opts.cents ?? 1999,
          currency: 'usd',
          metadata: { tenant_id: tenantId },
        },
      },
    });
  const standardBody = (tenantId: string, amountMicros: number | string = 25_000_000, type = 'payment.succeeded') =>
    JSON.stringify({ type, data: { tenant_id: tenantId, amount_micros: amountMicros, currency: 'USD', payment_id: `pay_${randomUUID()}` } });
  const standardHeaders = (body: string, opts: { id?: string; ts?: number; secret?: string } = {}) => {
    const id = opts.id ?? `msg_${randomUUID()}`;
    const ts = opts.ts ?? now();
    return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': standardSignature(id, ts, body, opts.secret ?? STANDARD_SECRETS[0]) };
  };
  const balance = (tenantId: string) => db.entrySum(tenantId);
  /** A tenant billing knows (it has an account, as after its first usage or credit). */
  const known = async () => {
    const tenantId = randomUUID();
    await db.query('INSERT INTO accounts (code, tenant_id) VALUES ($1, $2)', [`tenant:${tenantId}`, tenantId]);
    return tenantId;
  };
  const admin = (path: string, body?: unknown) =>
    fetch(`${billing.url}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${env.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  const sendStandard = async (body: string) => {
    const res = await post('standard', body, standardHeaders(body));
    return { status: res.status, body: (await res.json()) as { outcome?: string } };
  };
  const eventRow = async (tenantId: string) =>
    (
      await db.query<{ id: string; outcome: string; amount_micros: string | null; amount_micros_text: string | null }>(
        'SELECT id::text, outcome, amount_micros::text, amount_micros_text FROM payment_events WHERE tenant_id = $1',
        [tenantId],
      )
    )[0];
  const writes = async () => (await db.count('payment_events')) + (await db.count('ledger_transactions')) + (await db.count('invoices'));

  beforeAll(async () => {
    env = await createTestEnv();
    auth = await authFor(env);
    billing = await billingFor(env);
    db = await BillingDb.open(env);
  });

  afterAll(async () => {
    await billing?.close();
    await auth?.close();
    await db?.close();
    await env?.drop();
  });

  describe('stripe', () => {
    it('credits a paid checkout exactly (cents × 10 000) with either secret during rotation, and issues an invoice', async () => {
      const tenant = await known();
      for (const secret of STRIPE_SECRETS) {
        const body = stripeBody(tenant, { cents: 1999 });
        const res = await post('stripe', body, { 'stripe-signature': stripeSignature(body, secret) });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ received: true, outcome: 'credited' });
      }
      expect(await balance(tenant)).toBe(2n * 19_990_000n);
      const invoices = await db.query<{ number: string; total_micros: string }>(
        'SELECT number, total_micros::text FROM invoices WHERE tenant_id = $1 ORDER BY number',
        [tenant],
      );
      expect(invoices).toHaveLength(2);
      expect(invoices[0].number).toMatch(/^TG-\d{4}-\d{6}$/);
      expect(Number(invoices[1].number.slice(-6))).toBe(Number(invoices[0].number.slice(-6)) + 1);
    });

    it('credits payment_intent.succeeded, but one payment only once even when checkout also reports it', async () => {
      const tenant = await known();
      const pi = `pi_${randomUUID()}`;
      const a = JSON.stringify({
        id: `evt_${randomUUID()}`,
        type: 'payment_intent.succeeded',
        data: { object: { id: pi, amount_received: 500, currency: 'usd', metadata: { tenant_id: tenant } } },
      });
      const b = stripeBody(tenant, { pi, cents: 500 });
      expect((await post('stripe', a, { 'stripe-signature': stripeSignature(a, STRIPE_SECRETS[1]) })).status).toBe(200);
      expect(await (await post('stripe', b, { 'stripe-signature': stripeSignature(b, STRIPE_SECRETS[1]) })).json()).toEqual({
        received: true,
        outcome: 'duplicate',
      });
      expect(await balance(tenant)).toBe(5_000_000n);
    });

    it.each([
      ['missing header', () => ({})],
      ['wrong secret', (b: string) => ({ 'stripe-signature': stripeSignature(b, 'whsec_wrong') })],
      ['stale timestamp', (b: string) => ({ 'stripe-signature': stripeSignature(b, STRIPE_SECRETS[0], now() - 301) })],
      ['future timestamp', (b: string) => ({ 'stripe-signature': stripeSignature(b, STRIPE_SECRETS[0], now() + 301) })],
      ['tampered body', (b: string) => ({ 'stripe-signature': stripeSignature(b.replace('1999', '1998'), STRIPE_SECRETS[0]) })],
      ['garbage header', () => ({ 'stripe-signature': 'v1=zz,t=abc' })],
    ])('refuses %s with 400 and writes nothing', async (_name, headers) => {
      const tenant = randomUUID();
      const body = stripeBody(tenant, { cents: 1999 });
      const before = await writes();
      const res = await post('stripe', body, headers(body) as Record<string, string>);
      expect(res.status).toBe(400);
      expect(await writes()).toBe(before);
    });

    it('accepts a signature header carrying an old and a new v1 (rotation)', async () => {
      const tenant = await known();
      const body = stripeBody(tenant, { cents: 100 });
      const t = now();
      const bad = stripeSignature(body, 'whsec_unknown', t).split(',')[1];
      const good = stripeSignature(body, STRIPE_SECRETS[0], t);
      expect((await post('stripe', body, { 'stripe-signature': `${good.split(',')[0]},${bad},${good.split(',')[1]}` })).status).toBe(200);
      expect(await balance(tenant)).toBe(1_000_000n);
    });

    it('answers 200 without credit for other events; 400 for invalid JSON or a non-UUID tenant even when signed', async () => {
      const tenant = randomUUID();
      const other = JSON.stringify({ id: `evt_${randomUUID()}`, type: 'customer.created', data: { object: { id: 'cus_1' } } });
      const res = await post('stripe', other, { 'stripe-signature': stripeSignature(other, STRIPE_SECRETS[0]) });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: true, outcome: 'ignored' });
      const before = await writes();
      const invalid = '{"id": "evt_x", "type":';
      expect((await post('stripe', invalid, { 'stripe-signature': stripeSignature(invalid, STRIPE_SECRETS[0]) })).status).toBe(400);
      const notUuid = stripeBody('tenant-1');
      expect((await post('stripe', notUuid, { 'stripe-signature': stripeSignature(notUuid, STRIPE_SECRETS[0]) })).status).toBe(400);
      expect(await writes()).toBe(before);
      expect(await balance(tenant)).toBe(0n);
    });

    it('credits an event delivered 20 times concurrently, and again a day later, exactly once', async () => {
      const tenant = await known();
      const body = stripeBody(tenant, { cents: 4200 });
      const sig = stripeSignature(body, STRIPE_SECRETS[0]);
      const results = await Promise.all(Array.from({ length: 20 }, () => post('stripe', body, { 'stripe-signature': sig })));
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
      const outcomes = await Promise.all(results.map((r) => r.json() as Promise<{ outcome: string }>));
      expect(outcomes.filter((o) => o.outcome === 'credited')).toHaveLength(1);
      // "A day later": the provider re-sends the same event with a fresh signature.
      const later = await post('stripe', body, { 'stripe-signature': stripeSignature(body, STRIPE_SECRETS[1]) });
      expect(later.status).toBe(200);
      expect(await balance(tenant)).toBe(42_000_000n);
      expect(await db.count('invoices', 'tenant_id = $1', [tenant])).toBe(1);
    });
  });

  describe('standard webhooks', () => {
    it('credits amount_micros with a whsec_ base64 key or a plain secret (rotation)', async () => {
      const tenant = await known();
      for (const secret of STANDARD_SECRETS) {
        const body = standardBody(tenant, 1_234_567);
        const res = await post('standard', body, standardHeaders(body, { secret }));
        expect(res.status).toBe(200);
      }
      expect(await balance(tenant)).toBe(2_469_134n);
    });

    it('accepts several space-separated signatures when one matches', async () => {
      const tenant = await known();
      const body = standardBody(tenant, '90000000');
      const h = standardHeaders(body);
      h['webhook-signature'] = `v1,${Buffer.alloc(32).toString('base64')} ${h['webhook-signature']}`;
      expect((await post('standard', body, h)).status).toBe(200);
      expect(await balance(tenant)).toBe(90_000_000n);
    });

    it.each([
      ['missing signature', (b: string) => ({ ...standardHeaders(b), 'webhook-signature': '' })],
      [
        'missing id',
        (b: string) => {
          const h: Record<string, string> = standardHeaders(b);
          delete h['webhook-id'];
          return h;
        },
      ],
      ['wrong secret', (b: string) => standardHeaders(b, { secret: 'whsec_' + Buffer.from('nope').toString('base64') })],
      ['stale timestamp', (b: string) => standardHeaders(b, { ts: now() - 301 })],
      ['future timestamp', (b: string) => standardHeaders(b, { ts: now() + 301 })],
      ['tampered body', (b: string) => standardHeaders(b.replace('25000000', '95000000'))],
    ])('refuses %s with 400 and writes nothing', async (_name, headers) => {
      const body = standardBody(randomUUID());
      const before = await writes();
      const res = await post('standard', body, headers(body) as Record<string, string>);
      expect(res.status).toBe(400);
      expect(await writes()).toBe(before);
    });

    it('same webhook-id 20 times concurrently and again later: credited once; other events 200 without credit', async () => {
      const tenant = await known();
      const body = standardBody(tenant, 7_000_000);
      const id = `msg_${randomUUID()}`;
      const h = standardHeaders(body, { id });
      const statuses = await Promise.all(Array.from({ length: 20 }, async () => (await post('standard', body, h)).status));
      expect(statuses).toEqual(Array(20).fill(200));
      expect((await post('standard', body, standardHeaders(body, { id, secret: STANDARD_SECRETS[1] }))).status).toBe(200);
      expect(await balance(tenant)).toBe(7_000_000n);
      const pending = standardBody(tenant, 7_000_000, 'payment.pending');
      const res = await post('standard', pending, standardHeaders(pending));
      expect(await res.json()).toEqual({ received: true, outcome: 'ignored' });
      expect(await balance(tenant)).toBe(7_000_000n);
    });

    it('invalid JSON with a valid signature is a 400; unknown provider is a 404', async () => {
      const body = '{"type": "payment.succeeded", ';
      expect((await post('standard', body, standardHeaders(body))).status).toBe(400);
      const ok = standardBody(randomUUID());
      expect((await post('paypal', ok, standardHeaders(ok))).status).toBe(404);
    });
  });
  describe('amounts out of bounds (PAYMENT_MAX_MICROS, default 100 000 units)', () => {
    it.each([
      ['9.2e18 micro-units as a decimal string', '9200000000000000000'],
      ['1e30 micro-units as a decimal string', '1' + '0'.repeat(30)],
      ['1e30 as a JSON number', 1e30],
    ])('%s: 200 held_for_review, no credit, no invoice, and the balance still answers', async (_name, amount) => {
      const tenant = await known();
      const res = await sendStandard(standardBody(tenant, amount));
      expect(res).toEqual({ status: 200, body: { received: true, outcome: 'held_for_review' } });
      expect(await balance(tenant)).toBe(0n);
      expect(await db.count('invoices', 'tenant_id = $1', [tenant])).toBe(0);
      expect((await eventRow(tenant)).outcome).toBe('held_for_review');
      const view = await admin(`/admin/tenants/${tenant}/balance`);
      expect(view.status).toBe(200);
      expect(await view.json()).toMatchObject({ balanceMicros: 0 });
    });

    it('a Stripe amount whose micro-units pass the maximum is held too', async () => {
      const tenant = await known();
      const body = JSON.stringify({
        id: `evt_${randomUUID()}`,
        type: 'payment_intent.succeeded',
        data: { object: { id: `pi_${randomUUID()}`, amount_received: '92000000000000000', currency: 'usd', metadata: { tenant_id: tenant } } },
      });
      const res = await post('stripe', body, { 'stripe-signature': stripeSignature(body, STRIPE_SECRETS[0]) });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: true, outcome: 'held_for_review' });
      expect(await balance(tenant)).toBe(0n);
      expect((await admin(`/admin/tenants/${tenant}/balance`)).status).toBe(200);
    });

    it('one micro-unit above the maximum is held; exactly the maximum is credited', async () => {
      const tenant = await known();
      expect((await sendStandard(standardBody(tenant, 100_000_000_001))).body.outcome).toBe('held_for_review');
      expect(await balance(tenant)).toBe(0n);
      expect((await sendStandard(standardBody(tenant, '100000000000'))).body.outcome).toBe('credited');
      expect(await balance(tenant)).toBe(100_000_000_000n);
    });

    it('a credit the balance could not be read back with (past 2^53) is held, and the balance still answers', async () => {
      const tenant = await known();
      const near = 9_007_199_254_000_000n;
      const [t] = await db.query<{ id: string }>(
        `INSERT INTO ledger_transactions (tenant_id, kind, actor, reference) VALUES ($1, 'adjustment', 'test', 'seed') RETURNING id::text`,
        [tenant],
      );
      await db.query(`INSERT INTO ledger_entries (transaction_id, account_code, amount_micros) VALUES ($1, $2, $3), ($1, 'adjustments', $4)`, [
        t.id,
        `tenant:${tenant}`,
        near.toString(),
        (-near).toString(),
      ]);
      await db.query('UPDATE accounts SET balance_micros = $2, version = 1 WHERE code = $1', [`tenant:${tenant}`, near.toString()]);
      expect((await sendStandard(standardBody(tenant, 10_000_000_000))).body.outcome).toBe('held_for_review');
      expect(await balance(tenant)).toBe(near);
      const view = await admin(`/admin/tenants/${tenant}/balance`);
      expect(view.status).toBe(200);
      expect(await view.json()).toMatchObject({ balanceMicros: Number(near) });
    });

    it('a malformed amount is a 400 that writes nothing; a well-formed 40-digit one is held', async () => {
      const tenant = await known();
      const before = await writes();
      for (const amount of ['12.5', '1e30', '9'.repeat(41), 12.5]) expect((await sendStandard(standardBody(tenant, amount))).status).toBe(400);
      expect(await writes()).toBe(before);
      expect(await sendStandard(standardBody(tenant, '9'.repeat(40)))).toEqual({ status: 200, body: { received: true, outcome: 'held_for_review' } });
      // Past bigint: kept as text, so the admin deciding it sees the amount (it was lost as NULL).
      const held = await eventRow(tenant);
      expect(held).toMatchObject({ outcome: 'held_for_review', amount_micros: null, amount_micros_text: expect.stringMatching(/^9{40}\d*$/) });
      const listed = (await (await admin('/admin/payments?outcome=held_for_review')).json()) as { data: { id: string; amountMicros: string | null }[] };
      expect(listed.data.find((p) => p.id === held.id)?.amountMicros).toBe(held.amount_micros_text);
      expect((await admin(`/admin/payments/${held.id}/approve`, {})).status).toBe(400);
      expect(await balance(tenant)).toBe(0n);
    });
  });

  describe('payments for a tenant billing does not know, and admin review', () => {
    it('a tenant auth knows is credited on its first payment, before billing has any account for it', async () => {
      const res = await fetch(`${auth.url}/admin/tenants`, {
        method: 'POST',
        headers: { authorization: `Bearer ${env.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'new customer' }),
      });
      const { id } = (await res.json()) as { id: string };
      expect(await db.count('accounts', 'tenant_id = $1', [id])).toBe(0);
      expect((await sendStandard(standardBody(id, 5_000_000))).body.outcome).toBe('credited');
      expect(await balance(id)).toBe(5_000_000n);
    });

    it('an unknown tenant is recorded unmatched (no credit, no account, no invoice); an admin assigns it and it is credited once', async () => {
      const stranger = randomUUID();
      const body = standardBody(stranger, 3_000_000);
      const h = standardHeaders(body);
      const res = await post('standard', body, h);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: true, outcome: 'unmatched' });
      expect(await (await post('standard', body, standardHeaders(body, { id: h['webhook-id'] }))).json()).toEqual({ received: true, outcome: 'duplicate' });
      expect(await balance(stranger)).toBe(0n);
      expect(await db.count('accounts', 'tenant_id = $1', [stranger])).toBe(0);
      expect(await db.count('invoices', 'tenant_id = $1', [stranger])).toBe(0);

      const list = (await (await admin('/admin/payments?outcome=unmatched')).json()) as {
        data: { id: string; tenantId: string; amountMicros: string; outcome: string }[];
      };
      const pending = list.data.find((p) => p.tenantId === stranger)!;
      expect(pending).toMatchObject({ outcome: 'unmatched', amountMicros: '3000000' });

      // Only to a tenant auth knows: an unknown one (a mistyped id) is a 404, and nothing is credited.
      const nobody = randomUUID();
      expect((await admin(`/admin/payments/${pending.id}/assign`, { tenantId: nobody })).status).toBe(404);
      expect(await balance(nobody)).toBe(0n);
      const owner = await known();
      const attempts = await Promise.all(
        Array.from({ length: 8 }, () => admin(`/admin/payments/${pending.id}/assign`, { tenantId: owner, reason: 'customer paid with the wrong reference' })),
      );
      expect(attempts.map((r) => r.status).sort()).toEqual([200, ...Array(7).fill(400)]);
      expect(await admin(`/admin/payments/${pending.id}/approve`, {}).then((r) => r.status)).toBe(400);
      expect(await balance(owner)).toBe(3_000_000n);
      expect(await balance(stranger)).toBe(0n);
      expect(await db.count('invoices', 'tenant_id = $1', [owner])).toBe(1);
      const [tx] = await db.query<{ actor: string; reason: string; kind: string }>('SELECT actor, reason, kind FROM ledger_transactions WHERE tenant_id = $1', [
        owner,
      ]);
      expect(tx).toEqual({ actor: 'admin', reason: 'customer paid with the wrong reference', kind: 'top_up' });
      const row = await eventRow(owner);
      expect(row.outcome).toBe('credited');
      const after = (await (await admin('/admin/payments')).json()) as { data: { id: string }[] };
      expect(after.data.map((p) => p.id)).not.toContain(pending.id);
    });

    it('a held payment is approved to the tenant it names, once; one past what a balance can hold cannot be', async () => {
      const tenant = await known();
      expect((await sendStandard(standardBody(tenant, '250000000000'))).body.outcome).toBe('held_for_review');
      const { id } = await eventRow(tenant);
      const ok = await admin(`/admin/payments/${id}/approve`, {});
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({
        payment: { id, outcome: 'credited', tenantId: tenant, amountMicros: '250000000000' },
        balanceMicros: 250_000_000_000,
      });
      expect((await admin(`/admin/payments/${id}/approve`, {})).status).toBe(400);
      expect(await balance(tenant)).toBe(250_000_000_000n);
      expect(await db.count('invoices', 'tenant_id = $1', [tenant])).toBe(1);

      const other = await known();
      expect((await sendStandard(standardBody(other, '9200000000000000000'))).body.outcome).toBe('held_for_review');
      const huge = await eventRow(other);
      expect(huge.amount_micros).toBe('9200000000000000000');
      const listed = (await (await admin('/admin/payments?outcome=held_for_review')).json()) as { data: { id: string; amountMicros: string }[] };
      expect(listed.data.find((p) => p.id === huge.id)?.amountMicros).toBe('9200000000000000000');
      expect((await admin(`/admin/payments/${huge.id}/approve`, {})).status).toBe(400);
      expect(await balance(other)).toBe(0n);
      expect((await admin(`/admin/tenants/${other}/balance`)).status).toBe(200);
      expect((await eventRow(other)).outcome).toBe('held_for_review');
    });

    it('review endpoints need the admin token and a real event', async () => {
      expect((await fetch(`${billing.url}/admin/payments`)).status).toBe(401);
      expect((await admin(`/admin/payments/${randomUUID()}/approve`, {})).status).toBe(404);
      expect((await admin('/admin/payments?outcome=credited')).status).toBe(400);
      expect((await admin(`/admin/payments/${randomUUID()}/assign`, { tenantId: 'not-a-uuid' })).status).toBe(400);
    });
  });
});
