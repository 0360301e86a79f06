import { Bus } from '@tollgate/messaging';
import { AdminClient } from './support/admin-client';
import { randomUUID } from 'node:crypto';
import { pdfText, STANDARD_SECRETS, standardSignature, publishUsage, usageEvent } from './support/billing-stack';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, TenantFixture, tenantWithKey } from './support/fixtures';
import { portal } from './support/portal';
import { startStack, Stack } from './support/stack';

const MODELS = ['doc-gpt-mini', 'doc-claude', 'doc-llama-70b', 'doc-embed', 'doc-fast'];
const ISSUER = {
  INVOICE_ISSUER_NAME: 'Example Operator Ltd',
  INVOICE_ISSUER_ADDRESS: '1 Main Street\\nLondon EC1A 1AA',
  INVOICE_ISSUER_TAX_ID: 'GB123456789',
  INVOICE_ISSUER_EMAIL: 'billing@operator.example',
  INVOICE_TAX_RATE_BPS: '2000',
  INVOICE_TAX_LABEL: 'VAT',
};

/** pdf2json's text, one entry per page. */
const pages = (text: string) => text.split(/-+Page \(\d+\) Break-+/).filter((p) => p.trim() !== '');

/**
 * Statements and invoices a finance team accepts (issue 15): a month of usage over many models and
 * days makes a statement of several pages; its printed total equals the ledger to the micro-unit.
 */
describe('billing documents: statement and invoice PDFs laid out as documents', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let bus: Bus;
  let a: TenantFixture;
  let b: TenantFixture;
  let gw: string;
  const prev = (() => {
    const d = new Date();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - 1);
    return d.toISOString().slice(0, 7);
  })();
  const days = new Date(Date.UTC(Number(prev.slice(0, 4)), Number(prev.slice(5, 7)), 0)).getUTCDate();
  const me = (t: TenantFixture, method: string, path: string, body?: unknown) =>
    portal(gw, method, path, { body, headers: { authorization: `Bearer ${t.key}` } });
  const pdf = async (t: TenantFixture, path: string) => {
    const res = await fetch(`${gw}${path}`, { headers: { authorization: `Bearer ${t.key}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    return pdfText(Buffer.from(await res.arrayBuffer()));
  };

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env, { billingEnv: ISSUER });
    admin = adminFor(env, stack);
    gw = stack.gateway.url;
    a = await tenantWithKey(admin, stack, { name: 'acme-tenant', scopes: ['billing:read', 'billing:write'] });
    b = await tenantWithKey(admin, stack, { name: 'Bravo Tenant Name', scopes: ['billing:read'] });
    for (const [i, model] of MODELS.entries())
      await admin.priceModel(model, { inputPerMillion: 1_234_567 + i, cachedInputPerMillion: 123_457, outputPerMillion: 3_333_333 });
    bus = await Bus.connect({ url: NATS_URL, prefix: env.natsPrefix, name: 'test-usage' });
    // Every day of last month, every model: ~150 statement lines, a few calls each with odd token counts.
    const events = [];
    for (let day = 1; day <= days; day++) {
      for (const [i, model] of MODELS.entries()) {
        const occurredAt = `${prev}-${String(day).padStart(2, '0')}T${String(8 + i).padStart(2, '0')}:00:00.000Z`;
        events.push(
          usageEvent(a.tenantId, {
            model,
            occurredAt,
            promptTokens: 250_000 + day * 3_701 + i,
            completionTokens: 30_000 + day * 1_111,
            cachedTokens: day * 997,
          }),
        );
      }
    }
    events.push(usageEvent(b.tenantId, { model: MODELS[0], occurredAt: `${prev}-02T10:00:00.000Z` }));
    await publishUsage(bus, events);
    await eventually(
      () => me(a, 'GET', `/me/billing/statement?month=${prev}`),
      (r) => r.status === 200 && (r.body.usage as unknown[]).length === days * MODELS.length,
      30_000,
    );
  }, 120_000);

  afterAll(async () => {
    await bus?.close();
    await stack?.close();
    await env?.drop();
  });

  it('billing details: PUT replaces them (strict, bounded, snake_case), GET reads them, another tenant sees its own', async () => {
    expect((await me(a, 'GET', '/me/billing/profile')).body).toEqual({ legal_name: null, address: null, tax_id: null, email: null, updated_at: null });
    const details = { legal_name: 'Acme Corporation GmbH', address: 'Hauptstraße 2\n10115 Berlin\nGermany', tax_id: 'DE987654321', email: 'ap@acme.example' };
    const put = await me(a, 'PUT', '/me/billing/profile', details);
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ ...details, updated_at: expect.any(String) });
    expect((await me(a, 'GET', '/me/billing/profile')).body).toEqual(put.body);

    const unknown = await me(a, 'PUT', '/me/billing/profile', { ...details, legalName: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.param).toBe('legalName');
    const long = await me(a, 'PUT', '/me/billing/profile', { ...details, legal_name: 'x'.repeat(201) });
    expect([long.status, long.body.error.param]).toEqual([400, 'legal_name']);
    const badEmail = await me(a, 'PUT', '/me/billing/profile', { ...details, email: 'not-an-email' });
    expect([badEmail.status, badEmail.body.error.param]).toEqual([400, 'email']);
    expect((await me(a, 'GET', '/me/billing/profile')).body.legal_name).toBe('Acme Corporation GmbH');

    // A key with billing:read only may read but not change; another tenant never sees A's details.
    expect((await me(b, 'PUT', '/me/billing/profile', { legal_name: 'Mallory' })).status).toBe(403);
    expect((await me(b, 'GET', '/me/billing/profile')).body.legal_name).toBeNull();
  });

  it('a month of usage: a statement of several pages, header repeated, "Page x of N", parties named, total = the ledger to the micro-unit', async () => {
    await me(a, 'PUT', '/me/billing/profile', { legal_name: 'Acme Corporation GmbH', address: 'Hauptstraße 2\n10115 Berlin', tax_id: 'DE987654321' });
    const json = (await me(a, 'GET', `/me/billing/statement?month=${prev}`)).body;
    const text = await pdf(a, `/me/billing/statement?month=${prev}&format=pdf`);
    const each = pages(text);
    const n = each.length;
    expect(n).toBeGreaterThanOrEqual(2);
    each.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${n}`));
    // The usage table's header row on every page it runs over.
    const usagePages = each.filter((p) => /\d{4}-\d{2}-\d{2}\s+doc-/.test(p));
    expect(usagePages.length).toBeGreaterThanOrEqual(2);
    // (pdf2json gives a wrapped header cell's second line apart: "Input" … then "tokens".)
    for (const page of usagePages)
      expect(page).toMatch(/Date\s+Model\s+Requests\s+Input\s+Cached\s+Output\s+Input \/ 1M\s+Cached \/\s+Output \/\s+Amount\s+Micro-units/);

    for (const s of [
      'Statement',
      `ST-${prev}`,
      'Acme Corporation GmbH',
      'Hauptstraße 2',
      'Tax ID: DE987654321',
      'Example Operator Ltd',
      'London EC1A 1AA',
      'Tax ID: GB123456789',
      'billing@operator.example',
      'VAT 20 %',
    ])
      expect(text).toContain(s);
    expect(text).not.toContain('acme-tenant');

    // The exact micro-unit total printed equals the ledger's debits (JSON statement), and so does the sum of the lines.
    const total = /Total debits\s+[\d,]+\.\d{2}\s+(\d+)/.exec(text);
    expect(total?.[1]).toBe(String(json.debits_micros));
    const usageSubtotal = /Usage subtotal(?:\s+[\d,]+){4}\s+[\d,]+\.\d{2}\s+(\d+)/.exec(text);
    const sumOfLines = (json.usage as { cost_micros: number }[]).reduce((s, u) => s + u.cost_micros, 0);
    expect(usageSubtotal?.[1]).toBe(String(sumOfLines));
    expect(json.debits_micros).toBe(sumOfLines);
    // The displayed amount is the total rounded to the cent.
    expect(text).toMatch(
      new RegExp(`Total debits\\s+${(Math.round(json.debits_micros / 10_000) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}\\s`),
    );
    // One price applied to every line here, so each line shows it (input 1.234567 per million for the first model).
    expect(text).toMatch(/doc-claude\s+1\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+1\.234568\s+0\.123457\s+3\.333333/);
    // A past month of a prepaid account whose usage outran its (later) credit: the negative closing balance is due.
    expect(json.closing_balance_micros).toBeLessThan(0);
    expect(text).toMatch(/Status\s+Due: [\d,]+\.\d{2} USD/);
  });

  it('with no legal name set, documents carry the tenant’s name (never the id alone); a top-up invoice says Paid, an operator credit has a credit note', async () => {
    const text = await pdf(b, `/me/billing/statement?month=${prev}&format=pdf`);
    expect(text).toContain('Bravo Tenant Name');
    expect(text).toContain('Page 1 of 1');

    // A paid top-up (the provider's signed webhook), then its invoice.
    const body = JSON.stringify({
      type: 'payment.succeeded',
      data: { tenant_id: a.tenantId, amount_micros: 12_345_678, currency: 'USD', payment_id: `pay_${randomUUID()}` },
    });
    const id = `msg_${randomUUID()}`;
    const ts = Math.floor(Date.now() / 1000);
    const hook = await fetch(`${stack.billing.webhookUrl}/webhooks/payments/standard`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(ts),
        'webhook-signature': standardSignature(id, ts, body, STANDARD_SECRETS[0]),
      },
      body,
    });
    expect(hook.status).toBe(200);
    const invoices = (await me(a, 'GET', '/me/billing/invoices')).body.data as { id: string; kind: string; number: string; total_micros: number }[];
    const topUp = invoices.find((i) => i.kind === 'top_up' && i.total_micros === 12_345_678)!;
    const inv = await pdf(a, `/me/billing/invoices/${topUp.id}`);
    for (const s of ['Invoice', topUp.number, 'Acme Corporation GmbH', 'Example Operator Ltd', 'Prepaid credit top-up', 'Page 1 of 1'])
      expect(inv).toContain(s);
    expect(inv).toMatch(/Status\s+Paid \d{4}-\d{2}-\d{2}/);
    expect(inv).toMatch(/Total\s+12\.35\s+12345678/);

    // The operator's credit (the fixture's admin credit of 1,000 USD, reason "test credit") has a credit receipt
    // (credit notes, CN-…, are refunds' own gapless series: test/refunds.e2e-spec.ts).
    const note = invoices.find((i) => i.kind === 'credit_receipt')!;
    expect(note).toMatchObject({ number: expect.stringMatching(/^CR-\d{4}-\d{6,}$/), total_micros: 1_000_000_000 });
    const cn = await pdf(a, `/me/billing/invoices/${note.id}`);
    for (const s of ['Credit receipt', note.number, 'Credit: test credit', 'Acme Corporation GmbH', 'Example Operator Ltd', 'Page 1 of 1'])
      expect(cn).toContain(s);
    expect(cn).toMatch(/Status\s+Credited \d{4}-\d{2}-\d{2}/);
    expect(cn).toMatch(/Total credited\s+1,000\.00\s+1000000000/);
    // Another tenant cannot fetch it.
    expect((await fetch(`${gw}/me/billing/invoices/${note.id}`, { headers: { authorization: `Bearer ${b.key}` } })).status).toBe(404);
  });
});
