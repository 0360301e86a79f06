import { integerAmount, standardEvent, stripeEvent } from './payment-events';

const TENANT = '0b7c2c1e-5a0f-4c59-9a55-0d7a1f3c2b10';

describe('payment event amounts', () => {
  it('reads integers as sent, however large, and nothing else', () => {
    expect(integerAmount(12)).toBe(12n);
    expect(integerAmount('9200000000000000000')).toBe(9_200_000_000_000_000_000n);
    expect(integerAmount('1' + '0'.repeat(30))).toBe(10n ** 30n);
    expect(integerAmount(1e30)).toBe(BigInt(1e30));
    expect(integerAmount('-5')).toBe(-5n);
    for (const bad of [1.5, '1.5', '1e30', '9'.repeat(41), Infinity, NaN, null, undefined, {}, ' 12']) expect(integerAmount(bad)).toBeNull();
  });

  it('hands huge amounts to the service unbounded (it decides to hold them), converting Stripe minor units exactly', () => {
    const std = standardEvent(
      { type: 'payment.succeeded', data: { tenant_id: TENANT, amount_micros: '9200000000000000000', currency: 'USD', payment_id: 'pay_1' } },
      'msg_1',
      'USD',
    );
    expect(std.payment?.amountMicros).toBe(9_200_000_000_000_000_000n);
    const stripe = stripeEvent(
      {
        id: 'evt_1',
        type: 'payment_intent.succeeded',
        data: { object: { id: 'pi_1', amount_received: '1' + '0'.repeat(30), currency: 'usd', metadata: { tenant_id: TENANT } } },
      },
      'USD',
    );
    expect(stripe.payment?.amountMicros).toBe(10n ** 34n);
  });
});
