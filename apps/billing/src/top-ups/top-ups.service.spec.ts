import { asTenantId } from '@tollgate/contracts';
import { BillingEnv } from '../config';
import { checkoutForm } from './stripe-checkout';
import { TOP_UP_UNAVAILABLE, TopUpsService } from './top-ups.service';

const TENANT = asTenantId('8f5e2c1a-3b4d-4e6f-8a9b-0c1d2e3f4a5b');
const service = (env: Record<string, string> = {}) =>
  new TopUpsService(
    BillingEnv.parse({
      ADMIN_TOKEN: 'a-real-admin-token-0123456789',
      STRIPE_SECRET_KEY: 'sk_test_unit_0123456789abcdef',
      STRIPE_API_BASE: 'http://127.0.0.1:9',
      ...env,
    }),
  );
const create = (s: TopUpsService, amountMicros: number) => s.create({ tenantId: TENANT, amountMicros, actor: 'key:test' });

describe('TopUpsService refusals', () => {
  it('is unavailable without STRIPE_SECRET_KEY (unset or empty), whatever the amount', async () => {
    for (const key of [undefined, '']) {
      const s = new TopUpsService(BillingEnv.parse({ ADMIN_TOKEN: 'a-real-admin-token-0123456789', ...(key === undefined ? {} : { STRIPE_SECRET_KEY: key }) }));
      expect(await create(s, 1)).toEqual({ ok: false, code: 'top_up_unavailable', message: TOP_UP_UNAVAILABLE });
    }
  });

  it('names the bounds in currency units and micro-units, and refuses sub-cent amounts', async () => {
    const s = service({ TOP_UP_MIN_MICROS: '1234500', TOP_UP_MAX_MICROS: '50000000' });
    expect(await create(s, 1_234_499)).toEqual({ ok: false, code: 'invalid_amount', message: 'must be at least 1.2345 USD (1234500 micro-units).' });
    expect(await create(s, 50_010_000)).toEqual({ ok: false, code: 'invalid_amount', message: 'must be at most 50.00 USD (50000000 micro-units).' });
    expect(await create(s, 10_000_001)).toMatchObject({ ok: false, code: 'invalid_amount', message: expect.stringContaining('smallest unit (USD: 0.01)') });
  });

  it('follows the currency: yen have no minor unit', async () => {
    const s = service({ CURRENCY: 'JPY', TOP_UP_MIN_MICROS: '1000000' });
    expect(await create(s, 1_500_000)).toMatchObject({ ok: false, code: 'invalid_amount', message: expect.stringContaining('(JPY: 1.00)') });
  });

  it('reports an unreachable Stripe as provider_error, nothing more', async () => {
    expect(await create(service(), 20_000_000)).toEqual({
      ok: false,
      code: 'provider_error',
      message: expect.stringMatching(/could not be reached; nothing was charged/),
    });
  });

  it('refuses a minimum above the maximum at boot', () => {
    expect(BillingEnv.safeParse({ ADMIN_TOKEN: 'a-real-admin-token-0123456789', TOP_UP_MIN_MICROS: '20', TOP_UP_MAX_MICROS: '10' }).success).toBe(false);
  });
});

describe('checkoutForm', () => {
  it("encodes one line item in minor units and the tenant where Stripe's webhook carries it back", () => {
    const form = checkoutForm({
      topUpId: 't1',
      tenantId: TENANT,
      amountMinor: 1999n,
      currency: 'USD',
      productName: 'Balance top-up',
      successUrl: 'https://x/s',
      cancelUrl: 'https://x/c',
    });
    expect(form.toString()).toContain('line_items%5B0%5D%5Bprice_data%5D%5Bunit_amount%5D=1999');
    expect(Object.fromEntries(form)).toMatchObject({
      mode: 'payment',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][quantity]': '1',
      'metadata[tenant_id]': TENANT,
      'payment_intent_data[metadata][tenant_id]': TENANT,
      client_reference_id: TENANT,
    });
  });
});
