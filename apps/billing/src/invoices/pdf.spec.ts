import { pdfText } from '../../../../test/support/billing-stack';
import { BillingError } from '../errors/billing.error';
import { invoicePdf } from './pdf';
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

const invoice = { issuer: 'Tollgate', number: 'TG-2026-000007', issuedAt: new Date('2026-03-04T05:06:07Z'), tenantId: '11111111-2222-4333-8444-555555555555', description: 'Prepaid credit top-up', reference: 'stripe:pi_1', totalMicros: 1_234_567n, currency: 'USD' };

describe('invoice pdf', () => {
  it('renders the exact total as text', async () => {
    const text = await pdfText(await invoicePdf(invoice));
    expect(text).toContain('Total: 1.234567 USD');
    expect(text).toContain('Invoice TG-2026-000007');
  });

  it('cuts a 100,000-character field: the document comes in well under a second', async () => {
    const started = Date.now();
    const text = await pdfText(await invoicePdf({ ...invoice, reference: 'r'.repeat(100_000) }));
    expect(Date.now() - started).toBeLessThan(3000);
    const printed = (text.match(/r{5,}/g) ?? []).join(''); // the field, wrapped over lines
    expect(printed.length).toBeGreaterThan(150);
    expect(printed.length).toBeLessThan(200);
  });

  it('a document past its time limit is an error, and the event loop keeps turning meanwhile', async () => {
    // An unbroken 60,000-character word, laid out without the cut: seconds of pdfkit's line breaking.
    let failure: unknown;
    const gap = await worstLoopGap(() => renderPdf({ title: 't', at: invoice.issuedAt.toISOString(), lines: [{ text: 'w'.repeat(60_000), size: 9 }] }, 300).catch((e: unknown) => (failure = e)));
    expect(failure).toBeInstanceOf(BillingError);
    expect((failure as BillingError).code).toBe('unavailable');
    expect(gap).toBeLessThan(250);
  });
});
