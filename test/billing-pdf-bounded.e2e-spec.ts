import { randomUUID } from 'node:crypto';
import { Bus } from '@tollgate/messaging';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import { BillingDb, billingFor, pdfText, publishUsage, usageEvent, waitUntil } from './support/billing-stack';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';

/** The longest the event loop (billing's too: it runs in this process) went without turning while `work` ran. */
async function worstLoopGap<T>(work: () => Promise<T>): Promise<{ result: T; gap: number }> {
  let last = Date.now();
  let worst = 0;
  const ticker = setInterval(() => {
    worst = Math.max(worst, Date.now() - last);
    last = Date.now();
  }, 5);
  try {
    const result = await work();
    return { result, gap: Math.max(worst, Date.now() - last) };
  } finally {
    clearInterval(ticker);
  }
}

describe('PDF statements with huge fields (issue 10, item 2)', () => {
  let env: TestEnv;
  let billing: RunningBilling;
  let bus: Bus;
  let db: BillingDb;
  const tenantId = randomUUID();
  const month = new Date().toISOString().slice(0, 7);

  beforeAll(async () => {
    env = await createTestEnv();
    billing = await billingFor(env);
    bus = await Bus.connect({ url: NATS_URL, prefix: env.natsPrefix, name: 'test-gateway' });
    // Auth's part: documents name the customer by the tenant's name when no legal name is set.
    bus.respond(
      'tenantGet',
      'auth',
      (req) => Promise.resolve({ found: true as const, tenantId: req.tenantId, name: 'Bounded Tenant' }),
      () => undefined,
    );
    db = await BillingDb.open(env);
    // A row from before the gateway bounded model names: 100,000 characters without a break (seconds of layout each, unbounded).
    await db.query(
      `INSERT INTO usage_records (request_id, tenant_id, key_id, model, prompt_tokens, completion_tokens, status, latency_ms) VALUES ($1, $2, $3, $4, 1, 1, 200, 5)`,
      [`req_${randomUUID()}`, tenantId, randomUUID(), 'm'.repeat(100_000)],
    );
  });

  afterAll(async () => {
    await bus?.close();
    await billing?.close();
    await db?.close();
    await env?.drop();
  });

  it('the statement PDF comes quickly with the field cut, and billing books usage and answers meanwhile', async () => {
    const event = usageEvent(tenantId);
    const { result, gap } = await worstLoopGap(async () => {
      const pdf = bus.request('invoicePdf', { tenantId, invoiceId: `statement:${month}` }, 5000);
      await publishUsage(bus, [event]);
      const balance = await bus.request('balanceGet', { tenantId }, 1000);
      await waitUntil(async () => (await db.count('usage_records', 'request_id = $1', [event.requestId])) === 1, 5000, 'usage booked');
      return { pdf: await pdf, balance };
    });
    expect(gap).toBeLessThan(500);
    expect(result.balance.tenantId).toBe(tenantId);
    if (!result.pdf.found) throw new Error('expected the statement');
    const text = await pdfText(Buffer.from(result.pdf.pdfBase64, 'base64'));
    expect(text).toContain('Statement');
    const printed = (text.match(/m{5,}/g) ?? []).join('');
    expect(printed.length).toBeGreaterThan(150);
    expect(printed.length).toBeLessThan(200);
  });
});
