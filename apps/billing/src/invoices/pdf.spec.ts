import { pdfText } from '../../../../test/support/billing-stack';
import { BillingError } from '../errors/billing.error';
import type { DocumentCustomer } from '../profiles/billing-profiles.service';
import type { DocumentIssuer } from '../profiles/issuer';
import { invoicePdf } from './pdf';
import type { PdfSpec } from './pdf-spec';
import { renderPdf } from './pdf-renderer';

/** The longest the event loop went without turning while `work` ran. */
async function worstLoopGap(work: () => Promise<unknown>): Promise<number> {
  let last = Date.now();
  let worst = 0;
  const ticker = setInterval(() => {
    worst = Math.max(worst, Date.now() - last);
    last = Date.now();
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(ticker);
  }
  return Math.max(worst, Date.now() - last);
}

const invoice = {
  number: 'TG-2026-000007',
  issuedAt: new Date('2026-03-04T05:06:07Z'),
  description: 'Prepaid credit top-up',
  reference: 'stripe:pi_1',
  totalMicros: 1_234_567n,
  currency: 'USD',
};
const issuer: DocumentIssuer = {
  name: 'Example Operator Ltd',
  addressLines: ['1 Main Street', 'London'],
  taxId: 'GB123456789',
  email: 'billing@example.com',
  logo: null,
  taxRateBps: 0,
  taxLabel: 'VAT',
};
const customer: DocumentCustomer = {
  name: 'Acme Corp',
  addressLines: ['2 Side Road'],
  taxId: 'DE987654321',
  email: null,
  accountId: '11111111-2222-4333-8444-555555555555',
};
const parties = { issuer, customer };

/** A document with one field not cut to PRINT_MAX_CHARS (which pdf.ts never builds). */
const unboundedSpec = (text: string): PdfSpec => ({
  title: 't',
  at: invoice.issuedAt.toISOString(),
  logo: null,
  issuer: [{ text }],
  meta: [],
  customer: [],
  tables: [],
  notes: [],
  footer: '',
});

describe('invoice pdf', () => {
  it('is a document: issuer, customer, number, status Paid, the total rounded to the cent and exact in micro-units', async () => {
    const text = await pdfText(await invoicePdf(invoice, parties));
    for (const s of [
      'Invoice',
      'TG-2026-000007',
      'Example Operator Ltd',
      'Tax ID: GB123456789',
      'Acme Corp',
      'Tax ID: DE987654321',
      'Paid 2026-03-04',
      'Page 1 of 1',
    ])
      expect(text).toContain(s);
    expect(text).toMatch(/Total\s+1\.23\s+1234567/);
    expect(text).not.toContain('VAT');
  });

  it('with a tax rate, splits the total into net and tax that add up to it exactly', async () => {
    const text = await pdfText(await invoicePdf({ ...invoice, totalMicros: 12_000_000n }, { customer, issuer: { ...issuer, taxRateBps: 2000 } }));
    expect(text).toMatch(/Subtotal excl\. VAT\s+10\.00\s+10000000/);
    expect(text).toMatch(/VAT 20 %\s+2\.00\s+2000000/);
    expect(text).toMatch(/Total\s+12\.00\s+12000000/);
  });

  it('cuts a 100,000-character field: the document comes in well under a second', async () => {
    const started = Date.now();
    const text = await pdfText(await invoicePdf({ ...invoice, reference: 'r'.repeat(100_000) }, parties));
    expect(Date.now() - started).toBeLessThan(3000);
    const printed = (text.match(/r{5,}/g) ?? []).join(''); // the field, wrapped over lines
    expect(printed.length).toBeGreaterThan(150);
    expect(printed.length).toBeLessThan(200);
  });

  it('a document past its time limit is an error, and the event loop keeps turning meanwhile', async () => {
    // An unbroken 60,000-character word, laid out without the cut: seconds of pdfkit's line breaking.
    let failure: unknown;
    const gap = await worstLoopGap(() => renderPdf(unboundedSpec('w'.repeat(60_000)), 300).catch((e: unknown) => (failure = e)));
    expect(failure).toBeInstanceOf(BillingError);
    expect((failure as BillingError).code).toBe('unavailable');
    expect(gap).toBeLessThan(250);
  });
});
