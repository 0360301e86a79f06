import { pdfText } from '../../../../test/support/billing-stack';
import { invoicePdf } from './pdf';

describe('invoice pdf', () => {
  it('renders the exact total as text', async () => {
    const bytes = await invoicePdf({ issuer: 'Tollgate', number: 'TG-2026-000007', issuedAt: new Date('2026-03-04T05:06:07Z'), tenantId: '11111111-2222-4333-8444-555555555555', description: 'Prepaid credit top-up', reference: 'stripe:pi_1', totalMicros: 1_234_567n, currency: 'USD' });
    const text = await pdfText(bytes);
    expect(text).toContain('Total: 1.234567 USD');
    expect(text).toContain('Invoice TG-2026-000007');
  });
});
