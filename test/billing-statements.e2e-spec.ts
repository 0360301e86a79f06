import { randomUUID } from 'node:crypto';
import { Bus } from '@tollgate/messaging';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';
import { BillingDb, billingFor, pdfText, STANDARD_SECRETS, standardSignature, publishUsage, usageEvent, waitUntil } from './support/billing-stack';

const fmt = (micros: bigint) =>
  `${micros < 0n ? '-' : ''}${(micros < 0n ? -micros : micros) / 1_000_000n}.${((micros < 0n ? -micros : micros) % 1_000_000n).toString().padStart(6, '0')}`;

describe('billing: statements, invoices, request logs and tenant isolation over NATS', () => {
  let env: TestEnv;
  let billing: RunningBilling;
  let bus: Bus;
  let db: BillingDb;
  const A = randomUUID();
  const B = randomUUID();
  const month = new Date().toISOString().slice(0, 7);
  const prev = (() => {
    const d = new Date();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - 1);
    return d.toISOString().slice(0, 7);
  })();
  const admin = (path: string, body?: unknown) =>
    fetch(`${billing.url}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${env.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  const topUp = async (tenantId: string, amountMicros: number) => {
    const body = JSON.stringify({
      type: 'payment.succeeded',
      data: { tenant_id: tenantId, amount_micros: amountMicros, currency: 'USD', payment_id: `pay_${randomUUID()}` },
    });
    const id = `msg_${randomUUID()}`;
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(`${billing.url}/webhooks/payments/standard`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(ts),
        'webhook-signature': standardSignature(id, ts, body, STANDARD_SECRETS[0]),
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, outcome: 'credited' });
  };

  beforeAll(async () => {
    env = await createTestEnv();
    billing = await billingFor(env);
    bus = await Bus.connect({ url: NATS_URL, prefix: env.natsPrefix, name: 'test-gateway' });
    // Auth's part: documents name the customer by the tenant's name when no legal name is set.
    bus.respond(
      'tenantGet',
      'auth',
      (req) => Promise.resolve({ found: true as const, tenantId: req.tenantId, name: req.tenantId === A ? 'Tenant A' : 'Tenant B' }),
      () => undefined,
    );
    db = await BillingDb.open(env);
    expect(
      (await admin('/admin/prices', { model: 'tollgate-fast', inputPerMillion: 1_234_567, cachedInputPerMillion: 123_457, outputPerMillion: 3_333_333 }))
        .status,
    ).toBe(201);
    // Last month: a top-up written straight into the ledger (the service cannot back-date), so the opening balance is not zero.
    const at = `${prev}-15T12:00:00Z`;
    const [t] = await db.query<{ id: string }>(
      `INSERT INTO ledger_transactions (tenant_id, kind, actor, reference, posted_at) VALUES ($1, 'top_up', 'test', 'seed', $2) RETURNING id::text`,
      [A, at],
    );
    await db.query(`INSERT INTO accounts (code, tenant_id, balance_micros, version) VALUES ($1, $2, 3000001, 1)`, [`tenant:${A}`, A]);
    await db.query(
      `INSERT INTO ledger_entries (transaction_id, account_code, amount_micros, posted_at) VALUES ($1, $2, 3000001, $3), ($1, 'payments', -3000001, $3)`,
      [t.id, `tenant:${A}`, at],
    );
    // B is known to billing (an account, as after its first call) so that its payment is credited, not left unmatched.
    await db.query(`INSERT INTO accounts (code, tenant_id) VALUES ($1, $2)`, [`tenant:${B}`, B]);
    await topUp(A, 10_000_000);
    await topUp(B, 5_000_000);
    expect((await admin(`/admin/tenants/${A}/credits`, { amountMicros: -1_000_003, reason: 'correction, "quoted"' })).status).toBe(201);
    const events = [
      usageEvent(A, { promptTokens: 777, completionTokens: 333, cachedTokens: 111 }),
      usageEvent(A, { promptTokens: 1, completionTokens: 1 }),
      usageEvent(A, { status: 500, promptTokens: 0, completionTokens: 0, keyId: '00000000-0000-4000-8000-00000000000b' }),
      usageEvent(B, { promptTokens: 5000, completionTokens: 5000 }),
    ];
    await publishUsage(bus, events);
    await waitUntil(async () => (await db.count('usage_records')) === events.length, 10_000, 'usage booked');
  });

  afterAll(async () => {
    await bus?.close();
    await billing?.close();
    await db?.close();
    await env?.drop();
  });

  it('statement JSON: opening + credits − debits = closing = the ledger, to the micro-unit', async () => {
    const reply = await bus.request('statementGet', { tenantId: A, month, format: 'json' }, 3000);
    if (reply.format !== 'json') throw new Error('expected json');
    const s = reply.statement;
    const ledger = await db.entrySum(A);
    expect(s.openingBalanceMicros).toBe(3_000_001);
    expect(s.openingBalanceMicros + s.creditsMicros - s.debitsMicros).toBe(s.closingBalanceMicros);
    expect(BigInt(s.closingBalanceMicros)).toBe(ledger);
    expect(BigInt(s.closingBalanceMicros)).toBe(await db.cachedBalance(A));
    expect(s.credits.map((c) => c.amountMicros)).toEqual([10_000_000]);
    expect(s.debits).toEqual([expect.objectContaining({ kind: 'adjustment', amountMicros: 1_000_003 })]);
    const usageCost = s.usage.reduce((sum, u) => sum + u.costMicros, 0);
    expect(usageCost + 1_000_003).toBe(s.debitsMicros);
    expect(s.usage).toEqual([expect.objectContaining({ model: 'tollgate-fast', requests: 3, promptTokens: 778, completionTokens: 334, cachedTokens: 111 })]);
    const [u] = await db.query<{ s: string }>(
      `SELECT (-SUM(amount_micros))::text AS s FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id WHERE e.account_code = $1 AND t.kind = 'usage'`,
      [`tenant:${A}`],
    );
    expect(String(usageCost)).toBe(u.s);
    const last = await bus.request('statementGet', { tenantId: A, month: prev, format: 'json' }, 3000);
    expect(last.format === 'json' && last.statement.closingBalanceMicros).toBe(3_000_001);
  });

  it('statement CSV and PDF carry the same figures as exact decimals', async () => {
    const reply = await bus.request('statementGet', { tenantId: A, month, format: 'json' }, 3000);
    if (reply.format !== 'json') throw new Error('expected json');
    const s = reply.statement;
    const csvReply = await bus.request('statementGet', { tenantId: A, month, format: 'csv' }, 3000);
    if (csvReply.format !== 'csv') throw new Error('expected csv');
    const rows = csvReply.csv
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const summary = Object.fromEntries(rows.filter((r) => r[0] === 'summary').map((r) => [r[2], [r[8], r[9]]]));
    expect(summary).toEqual({
      opening_balance: [String(s.openingBalanceMicros), fmt(BigInt(s.openingBalanceMicros))],
      credits: [String(s.creditsMicros), fmt(BigInt(s.creditsMicros))],
      refunds: [String(s.refundsMicros), fmt(BigInt(s.refundsMicros))],
      debits: [String(s.debitsMicros), fmt(BigInt(s.debitsMicros))],
      closing_balance: [String(s.closingBalanceMicros), fmt(BigInt(s.closingBalanceMicros))],
    });
    expect(csvReply.csv).toContain('"correction, ""quoted"""');

    const res = await admin(`/admin/tenants/${A}/statements/${month}?format=pdf`);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(Buffer.from(await res.arrayBuffer()));
    // Each summary figure in cents and exact in micro-units; the usage line's exact cost too.
    const cents = (micros: number) => (Math.round(micros / 10_000) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    expect(text).toMatch(new RegExp(`Opening balance\\s+${cents(s.openingBalanceMicros)}\\s+${s.openingBalanceMicros}`));
    expect(text).toMatch(new RegExp(`Credits\\s+${cents(s.creditsMicros)}\\s+${s.creditsMicros}`));
    expect(text).toMatch(new RegExp(`Debits\\s+${cents(s.debitsMicros)}\\s+${s.debitsMicros}`));
    expect(text).toMatch(new RegExp(`Closing balance\\s+${cents(s.closingBalanceMicros)}\\s+${s.closingBalanceMicros}`));
    expect(text).toMatch(new RegExp(`Total debits\\s+${cents(s.debitsMicros)}\\s+${s.debitsMicros}`));
    expect(text).toContain(String(s.usage[0].costMicros));
    expect(text).toContain('Tenant A');
    const rest = (await (await admin(`/admin/tenants/${A}/statements/${month}`)).json()) as { closingBalanceMicros: number };
    expect(rest.closingBalanceMicros).toBe(s.closingBalanceMicros);
  });

  it('top-up invoices: listed per tenant, PDF equals the credit; another tenant gets found:false', async () => {
    const listA = await bus.request('invoicesList', { tenantId: A }, 3000);
    const topUpA = listA.data.find((i) => i.kind === 'top_up')!;
    expect(topUpA).toMatchObject({ totalMicros: 10_000_000, currency: 'USD', number: expect.stringMatching(/^TG-\d{4}-\d{6}$/) });
    expect(listA.data.filter((i) => i.kind === 'monthly_statement').map((i) => i.period)).toEqual([month, prev]);
    const pdf = await bus.request('invoicePdf', { tenantId: A, invoiceId: topUpA.id }, 3000);
    if (!pdf.found) throw new Error('expected the invoice');
    const text = await pdfText(Buffer.from(pdf.pdfBase64, 'base64'));
    expect(text).toContain('Invoice');
    expect(text).toContain(topUpA.number);
    expect(text).toMatch(/Total\s+10\.00\s+10000000/);

    const listB = await bus.request('invoicesList', { tenantId: B }, 3000);
    expect(listB.data.map((i) => i.id)).not.toContain(topUpA.id);
    expect(await bus.request('invoicePdf', { tenantId: B, invoiceId: topUpA.id }, 3000)).toEqual({ found: false });
    const statementA = listA.data.find((i) => i.period === month)!;
    expect(await bus.request('invoicePdf', { tenantId: B, invoiceId: statementA.id }, 3000)).toEqual({ found: false });
    expect(await bus.request('invoicePdf', { tenantId: A, invoiceId: randomUUID() }, 3000)).toEqual({ found: false });
    const own = await bus.request('invoicePdf', { tenantId: A, invoiceId: statementA.id }, 3000);
    expect(own.found).toBe(true);
  });

  it('balance and request logs answer for the asking tenant only', async () => {
    expect(await bus.request('balanceGet', { tenantId: A }, 3000)).toEqual({ tenantId: A, currency: 'USD', balanceMicros: Number(await db.entrySum(A)) });
    expect((await bus.request('balanceGet', { tenantId: B }, 3000)).balanceMicros).toBe(Number(await db.entrySum(B)));
    expect((await bus.request('balanceGet', { tenantId: randomUUID() }, 3000)).balanceMicros).toBe(0);
    const logsA = await bus.request('requestLogsList', { tenantId: A, limit: 100, format: 'json' }, 3000);
    const logsB = await bus.request('requestLogsList', { tenantId: B, limit: 100, format: 'json' }, 3000);
    if (logsA.format !== 'json' || logsB.format !== 'json') throw new Error('expected json');
    expect(logsA.data).toHaveLength(3);
    expect(logsB.data).toHaveLength(1);
    expect(logsA.data.map((l) => l.requestId)).not.toContain(logsB.data[0].requestId);
    const statementB = await bus.request('statementGet', { tenantId: B, month, format: 'json' }, 3000);
    expect(statementB.format === 'json' && statementB.statement.closingBalanceMicros).toBe(Number(await db.entrySum(B)));
    expect(statementB.format === 'json' && statementB.statement.credits.map((c) => c.amountMicros)).toEqual([5_000_000]);
  });

  it('request logs: filters, stable cursor pages under inserts, CSV', async () => {
    const failed = await bus.request('requestLogsList', { tenantId: A, status: 500, limit: 100, format: 'json' }, 3000);
    expect(failed.format === 'json' && failed.data.map((l) => [l.status, l.costMicros, l.keyId])).toEqual([[500, 0, '00000000-0000-4000-8000-00000000000b']]);
    const byKey = await bus.request('requestLogsList', { tenantId: A, keyId: '00000000-0000-4000-8000-00000000000a', limit: 100, format: 'json' }, 3000);
    expect(byKey.format === 'json' && byKey.data).toHaveLength(2);
    const none = await bus.request('requestLogsList', { tenantId: A, to: '2000-01-01T00:00:00Z', limit: 100, format: 'json' }, 3000);
    expect(none.format === 'json' && none.data).toHaveLength(0);

    const page1 = await bus.request('requestLogsList', { tenantId: A, limit: 2, format: 'json' }, 3000);
    if (page1.format !== 'json') throw new Error('expected json');
    const fresh = usageEvent(A, { promptTokens: 5 });
    await publishUsage(bus, [fresh]);
    await waitUntil(async () => (await db.count('usage_records', 'request_id = $1', [fresh.requestId])) === 1);
    const page2 = await bus.request('requestLogsList', { tenantId: A, limit: 2, cursor: page1.nextCursor!, format: 'json' }, 3000);
    if (page2.format !== 'json') throw new Error('expected json');
    expect(page2.data).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    const seen = [...page1.data, ...page2.data].map((l) => l.requestId);
    expect(new Set(seen).size).toBe(3);
    expect(seen).not.toContain(fresh.requestId);

    const csv = await bus.request('requestLogsList', { tenantId: A, limit: 100, format: 'csv' }, 3000);
    if (csv.format !== 'csv') throw new Error('expected csv');
    const lines = csv.csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^at,request_id,key_id/);
    expect(lines).toHaveLength(5);
    const rest = await admin(`/admin/tenants/${A}/request-logs?format=csv&limit=100`);
    expect(rest.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await rest.text()).trim().split('\r\n')).toHaveLength(5);
  });
});
