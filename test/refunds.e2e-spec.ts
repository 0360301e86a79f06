import { randomUUID } from 'node:crypto';
import { Bus } from '@tollgate/messaging';
import { PromotionsService } from '../apps/billing/src/promotions/promotions.service';
import { AdminClient } from './support/admin-client';
import { BillingDb, pdfText, publishUsage, usageEvent } from './support/billing-stack';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, TenantFixture, tenantWithKey } from './support/fixtures';
import { portal } from './support/portal';
import { startStack, Stack } from './support/stack';

type Refund = { id: string; amountMicros: number; creditNote: { id: string; number: string }; requestIds: string[]; replayed: boolean };
type ErrorBody = { error: { code: string; message: string } };
type StatementJson = {
  openingBalanceMicros: number;
  creditsMicros: number;
  refundsMicros: number;
  debitsMicros: number;
  closingBalanceMicros: number;
  refunds: { amountMicros: number; creditNote: string; reason: string }[];
  usage: { day: string; costMicros: number }[];
};

const MODEL = 'refund-model';
const YEAR = new Date().getUTCFullYear();

/** Issue 14: refunds with credit notes, promotional credit that expires, statements in a time zone. */
describe('refunds, credit notes, promotional credit and statement time zones', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let bus: Bus;
  let db: BillingDb;
  let a: TenantFixture;
  let b: TenantFixture;
  let gw: string;
  const calls: string[] = [];
  const charged = new Map<string, bigint>();
  const month = new Date().toISOString().slice(0, 7);

  const refund = (tenantId: string, body: Record<string, unknown>) =>
    admin.call<Refund & ErrorBody>('billing', 'POST', `/admin/tenants/${tenantId}/refunds`, {
      reason: 'upstream outage',
      idempotencyKey: randomUUID(),
      ...body,
    });
  const balance = async (tenantId: string) =>
    (await admin.call<{ balanceMicros: number }>('billing', 'GET', `/admin/tenants/${tenantId}/balance`)).body.balanceMicros;
  const statement = async (tenantId: string, m: string, tz?: string) =>
    (await admin.call<StatementJson>('billing', 'GET', `/admin/tenants/${tenantId}/statements/${m}${tz ? `?time_zone=${encodeURIComponent(tz)}` : ''}`)).body;
  const me = (t: TenantFixture, path: string) => portal(gw, 'GET', path, { headers: { authorization: `Bearer ${t.key}` } });
  const usageDebits = async (tenantId: string) =>
    new Map(
      (
        await db.query<{ request_id: string; c: string }>(
          `SELECT t.request_id, (-e.amount_micros)::text AS c FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id AND e.account_code = $1 WHERE t.kind = 'usage'`,
          [`tenant:${tenantId}`],
        )
      ).map((r) => [r.request_id, BigInt(r.c)]),
    );
  const booked = async (tenantId: string, n: number) => {
    const seen = await eventually(
      () => usageDebits(tenantId),
      (m) => m.size >= n,
      30_000,
    );
    expect(seen.size).toBe(n);
    return seen;
  };

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env, { billingEnv: { PROMO_EXPIRY_GRACE_MS: '0', PROMO_EXPIRY_SWEEP_MS: '3600000' } });
    admin = adminFor(env, stack);
    gw = stack.gateway.url;
    a = await tenantWithKey(admin, stack, { name: 'refund-a', scopes: ['billing:read'] });
    b = await tenantWithKey(admin, stack, { name: 'refund-b', scopes: ['billing:read'] });
    await admin.priceModel(MODEL, { inputPerMillion: 1_234_567, cachedInputPerMillion: 0, outputPerMillion: 3_333_333 });
    bus = await Bus.connect({ url: NATS_URL, prefix: env.natsPrefix, name: 'test-refunds' });
    db = await BillingDb.open(env);
    const at = new Date(Date.now() - 60_000).toISOString();
    const events = Array.from({ length: 14 }, (_, i) =>
      usageEvent(a.tenantId, { model: MODEL, occurredAt: at, promptTokens: 10_001 + i * 7, completionTokens: 2_003 + i }),
    );
    await publishUsage(bus, events);
    for (const [id, c] of await booked(a.tenantId, events.length)) charged.set(id, c);
    calls.push(...events.map((e) => e.requestId));
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    await bus?.close();
    await stack?.close();
    await env?.drop();
  });

  it('a refund of two calls credits exactly what they were charged: balance, ledger and statement agree; a retry answers the same refund', async () => {
    const [r1, r2] = calls;
    const amount = (charged.get(r1) as bigint) + (charged.get(r2) as bigint);
    const before = await balance(a.tenantId);
    const key = randomUUID();
    const res = await refund(a.tenantId, { requestIds: [r1, r2], idempotencyKey: key, reason: 'calls failed mid-stream' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ amountMicros: Number(amount), requestIds: [r1, r2], replayed: false, creditNote: { number: `CN-${YEAR}-000001` } });
    expect(await balance(a.tenantId)).toBe(before + Number(amount));
    const [entry] = await db.query<{ kind: string; amount: string; reference: string; reason: string }>(
      `SELECT t.kind, e.amount_micros::text AS amount, t.reference, t.reason FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id WHERE e.account_code = $1 ORDER BY e.id DESC LIMIT 1`,
      [`tenant:${a.tenantId}`],
    );
    expect(entry).toEqual({ kind: 'refund', amount: amount.toString(), reference: `CN-${YEAR}-000001`, reason: 'calls failed mid-stream' });
    expect(BigInt(await balance(a.tenantId))).toBe(await db.entrySum(a.tenantId));

    const s = await statement(a.tenantId, month);
    expect(s.refundsMicros).toBe(Number(amount));
    expect(s.refunds).toEqual([expect.objectContaining({ amountMicros: Number(amount), creditNote: `CN-${YEAR}-000001`, reason: 'calls failed mid-stream' })]);
    expect(s.openingBalanceMicros + s.creditsMicros + s.refundsMicros - s.debitsMicros).toBe(s.closingBalanceMicros);
    const pub = (await me(a, `/me/billing/statement?month=${month}`)).body as { refunds_micros: number; refunds: { credit_note: string }[] };
    expect(pub.refunds_micros).toBe(Number(amount));
    expect(pub.refunds[0].credit_note).toBe(`CN-${YEAR}-000001`);

    const again = await refund(a.tenantId, { requestIds: [r2, r1], idempotencyKey: key, reason: 'calls failed mid-stream' });
    expect(again.body).toMatchObject({ id: res.body.id, replayed: true, creditNote: { number: `CN-${YEAR}-000001` } });
    expect(await balance(a.tenantId)).toBe(before + Number(amount));
  });

  it('a call is refunded once: again is 409 naming it; a reused key for another refund, an unknown call and a missing reason are refused', async () => {
    const before = await balance(a.tenantId);
    const twice = await refund(a.tenantId, { requestIds: [calls[2], calls[1]] });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'already_refunded', message: `Already refunded: '${calls[1]}'. Each call is refunded at most once.` });
    const key = randomUUID();
    expect((await refund(a.tenantId, { requestIds: [calls[2]], idempotencyKey: key })).status).toBe(201);
    const reused = await refund(a.tenantId, { requestIds: [calls[3]], idempotencyKey: key });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('idempotency_conflict');
    expect((await refund(a.tenantId, { requestIds: ['req_never_made'] })).body.error.code).toBe('not_found');
    expect((await refund(b.tenantId, { requestIds: [calls[3]] })).status).toBe(404);
    const noReason = await refund(a.tenantId, { requestIds: [calls[3]], reason: '' });
    expect(noReason.status).toBe(400);
    expect(await balance(a.tenantId)).toBe(before + Number(charged.get(calls[2])));
  });

  it("an amount refund above the month's charges minus its refunds is refused; one within them is credited", async () => {
    const s = await statement(a.tenantId, month);
    const refunded = [calls[0], calls[1], calls[2]].reduce((sum, id) => sum + (charged.get(id) as bigint), 0n);
    const usage = [...charged.values()].reduce((sum, c) => sum + c, 0n);
    expect(BigInt(s.debitsMicros)).toBe(usage);
    const left = usage - refunded;
    const over = await refund(a.tenantId, { month, amountMicros: Number(left + 1n) });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'refund_exceeds_charges' });
    expect(over.body.error.message).toContain(`has left to refund: ${left} (charged ${usage}, refunded ${refunded})`);
    const ok = await refund(a.tenantId, { month, amountMicros: 1_000 });
    expect(ok.status).toBe(201);
    expect((await statement(a.tenantId, month)).refundsMicros).toBe(Number(refunded) + 1_000);
  });

  it('credit notes are numbered gapless under concurrency, even with refusals among them', async () => {
    const valid = calls.slice(3, 10).map((id) => refund(a.tenantId, { requestIds: [id] }));
    const refused = [1, 2, 3].map(() => refund(a.tenantId, { month, amountMicros: 1_000_000_000_000 }));
    const results = await Promise.all([...valid, ...refused]);
    expect(results.map((r) => r.status).sort()).toEqual([...Array(7).fill(201), ...Array(3).fill(409)]);
    const list = (await me(a, '/me/billing/credit-notes')).body as { data: { number: string }[] };
    const numbers = list.data.map((n) => n.number).sort();
    expect(numbers).toEqual(Array.from({ length: 10 }, (_, i) => `CN-${YEAR}-${String(i + 1).padStart(6, '0')}`));
  });

  it('the credit note PDF names the calls and the reason, and its total equals the ledger; another tenant gets 404', async () => {
    const list = (await me(a, '/me/billing/credit-notes')).body as {
      data: { id: string; number: string; total_micros: number; request_ids: string[]; reason: string; refund_of: string }[];
    };
    const note = list.data.find((n) => n.number === `CN-${YEAR}-000001`)!;
    expect(note).toMatchObject({ request_ids: [calls[0], calls[1]], reason: 'calls failed mid-stream', refund_of: '2 calls' });
    const res = await fetch(`${gw}/me/billing/credit-notes/${note.id}`, { headers: { authorization: `Bearer ${a.key}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(Buffer.from(await res.arrayBuffer()));
    for (const s of ['Credit note', note.number, 'calls failed mid-stream', calls[0], calls[1]]) expect(text).toContain(s);
    const [ledger] = await db.query<{ amount: string }>(
      `SELECT e.amount_micros::text AS amount FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id WHERE t.reference = $1 AND e.account_code = $2`,
      [note.number, `tenant:${a.tenantId}`],
    );
    expect(text).toMatch(new RegExp(`Total refunded\\s+[\\d,.]+\\s+${ledger.amount}`));
    expect(Number(ledger.amount)).toBe(note.total_micros);

    expect((await fetch(`${gw}/me/billing/credit-notes/${note.id}`, { headers: { authorization: `Bearer ${b.key}` } })).status).toBe(404);
    expect((await fetch(`${gw}/me/billing/invoices/${note.id}`, { headers: { authorization: `Bearer ${b.key}` } })).status).toBe(404);
    expect(((await me(b, '/me/billing/credit-notes')).body as { data: unknown[] }).data).toEqual([]);
  });

  it('a range of calls is refunded by its two ends (request-log order), each call at what it was charged', async () => {
    const events = Array.from({ length: 4 }, (_, i) => usageEvent(b.tenantId, { model: MODEL, promptTokens: 5_000 + i }));
    await publishUsage(bus, events);
    const costs = await booked(b.tenantId, 4);
    const order = (await db.query<{ request_id: string }>(`SELECT request_id FROM usage_records WHERE tenant_id = $1 ORDER BY seq`, [b.tenantId])).map(
      (r) => r.request_id,
    );
    const res = await refund(b.tenantId, { range: { fromRequestId: order[3], toRequestId: order[0] } });
    expect(res.status).toBe(201);
    expect([...res.body.requestIds].sort()).toEqual(events.map((e) => e.requestId).sort());
    expect(res.body.amountMicros).toBe(Number([...costs.values()].reduce((sum, c) => sum + c, 0n)));
    expect((await refund(b.tenantId, { range: { fromRequestId: order[1], toRequestId: order[2] } })).body.error.code).toBe('already_refunded');
    expect((await refund(b.tenantId, { range: { fromRequestId: order[0], toRequestId: calls[0] } })).status).toBe(404);
  });

  it('an amount refunded against a month also bounds refunds of its calls', async () => {
    const t = await tenantWithKey(admin, stack, { name: 'month-refunded' });
    const events = [usageEvent(t.tenantId, { model: MODEL }), usageEvent(t.tenantId, { model: MODEL, promptTokens: 3_000 })];
    await publishUsage(bus, events);
    const costs = await booked(t.tenantId, 2);
    const total = [...costs.values()].reduce((sum, c) => sum + c, 0n);
    expect((await refund(t.tenantId, { month, amountMicros: Number(total - 5n) })).status).toBe(201);
    const call = await refund(t.tenantId, { requestIds: [events[0].requestId] });
    expect(call.status).toBe(409);
    expect(call.body.error.code).toBe('refund_exceeds_charges');
    expect(call.body.error.message).toContain('has left to refund: 5');
  });

  it('a promotional grant expires leaving exactly its unused part as a promo_expiry entry, once', async () => {
    const p = await tenantWithKey(admin, stack, { name: 'promo', creditMicros: 5_000_000 });
    // Spend before the grant is paid from other credit: it is not the grant's.
    await publishUsage(bus, [
      usageEvent(p.tenantId, { model: MODEL, occurredAt: new Date(Date.now() - 3_600_000).toISOString(), promptTokens: 100_000, completionTokens: 0 }),
    ]);
    await booked(p.tenantId, 1);
    const expiresAt = new Date(Date.now() + 3_600_000);
    const grant = await admin.call<{ id: string; amountMicros: number }>('billing', 'POST', `/admin/tenants/${p.tenantId}/promotions`, {
      amountMicros: 10_000_000,
      expiresAt: expiresAt.toISOString(),
      reason: 'launch promo',
      idempotencyKey: 'promo-1',
    });
    expect(grant.status).toBe(201);
    const after = new Date(Date.now() + 1_000).toISOString();
    await publishUsage(bus, [
      usageEvent(p.tenantId, { model: MODEL, occurredAt: after, promptTokens: 1_000_000, completionTokens: 300_000 }),
      usageEvent(p.tenantId, { model: MODEL, occurredAt: after, promptTokens: 7_777, completionTokens: 1_111 }),
    ]);
    const debits = await booked(p.tenantId, 3);
    const spentAfter = (
      await db.query<{ s: string }>(
        `SELECT (-SUM(amount_micros))::text AS s FROM ledger_entries WHERE account_code = $1 AND amount_micros < 0 AND posted_at > now() - interval '5 minutes'`,
        [`tenant:${p.tenantId}`],
      )
    )[0].s;
    expect(BigInt(spentAfter)).toBeLessThan(10_000_000n);
    expect([...debits.values()].reduce((s, c) => s + c, 0n)).toBeGreaterThan(BigInt(spentAfter));

    const promotions = stack.billing.app.get(PromotionsService);
    expect(await promotions.expireDue(new Date(expiresAt.getTime() - 1))).toBe(0);
    expect(await promotions.expireDue(new Date(expiresAt.getTime() + 1))).toBe(1);
    expect(await promotions.expireDue(new Date(expiresAt.getTime() + 60_000))).toBe(0);
    const expiries = await db.query<{ amount: string; posted_at: Date }>(
      `SELECT e.amount_micros::text AS amount, e.posted_at FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id WHERE e.account_code = $1 AND t.kind = 'promo_expiry'`,
      [`tenant:${p.tenantId}`],
    );
    const unused = 10_000_000n - BigInt(spentAfter);
    expect(expiries).toEqual([{ amount: (-unused).toString(), posted_at: expiresAt }]);
    const listed = await admin.call<{ data: { id: string; expiredMicros: number }[] }>('billing', 'GET', `/admin/tenants/${p.tenantId}/promotions`);
    expect(listed.body.data).toEqual([expect.objectContaining({ id: grant.body.id, expiredMicros: Number(unused) })]);
    expect(BigInt(await balance(p.tenantId))).toBe(await db.entrySum(p.tenantId));
  });

  it('a call at 2026-11-30T20:00Z is November in UTC and December in Asia/Tokyo', async () => {
    const t = await tenantWithKey(admin, stack, { name: 'tokyo' });
    const e = usageEvent(t.tenantId, { model: MODEL, occurredAt: '2026-11-30T20:00:00.000Z' });
    await publishUsage(bus, [e]);
    const [cost] = (await booked(t.tenantId, 1)).values();
    const utcNov = await statement(t.tenantId, '2026-11', 'UTC');
    expect(utcNov.usage).toEqual([expect.objectContaining({ day: '2026-11-30', costMicros: Number(cost) })]);
    expect((await statement(t.tenantId, '2026-12')).usage).toEqual([]);
    const tokyoDec = await statement(t.tenantId, '2026-12', 'Asia/Tokyo');
    expect(tokyoDec.usage).toEqual([expect.objectContaining({ day: '2026-12-01', costMicros: Number(cost) })]);
    expect(tokyoDec.debitsMicros).toBe(Number(cost));
    expect((await statement(t.tenantId, '2026-11', 'Asia/Tokyo')).usage).toEqual([]);
    const bad = await admin.call<ErrorBody>('billing', 'GET', `/admin/tenants/${t.tenantId}/statements/2026-11?time_zone=Mars/Olympus`);
    expect(bad.status).toBe(400);
  });
});
