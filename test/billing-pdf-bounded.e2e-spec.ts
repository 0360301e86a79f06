import { randomUUID } from 'node:crypto';
import { Bus } from '@tollgate/messaging';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import { BillingDb, billingFor, pdfText, publishUsage, usageEvent, waitUntil } from './support/billing-stack';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';

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

  // The field is cut before layout (100,000 unbroken characters took seconds of layout each), so
  // the document comes and billing books and answers meanwhile. What is printed shows the cut:
  // a wall-clock bound would only measure this machine.
  it('the statement PDF comes with the field cut, and billing books usage and answers meanwhile', async () => {
    const event = usageEvent(tenantId);
    const pdf = bus.request('invoicePdf', { tenantId, invoiceId: `statement:${month}` }, 10_000);
    await publishUsage(bus, [event]);
    const balance = await bus.request('balanceGet', { tenantId }, 5000);
    await waitUntil(async () => (await db.count('usage_records', 'request_id = $1', [event.requestId])) === 1, 10_000, 'usage booked');
    const result = { pdf: await pdf, balance };
    expect(result.balance.tenantId).toBe(tenantId);
    if (!result.pdf.found) throw new Error('expected the statement');
    const text = await pdfText(Buffer.from(result.pdf.pdfBase64, 'base64'));
    expect(text).toContain('Statement');
    const printed = (text.match(/m{5,}/g) ?? []).join('');
    expect(printed.length).toBeGreaterThan(150);
    expect(printed.length).toBeLessThan(200);
  });
});
