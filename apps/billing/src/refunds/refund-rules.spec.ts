import { BillingError } from '../errors/billing.error';
import { checkAmountRefund, parseRefund, refundHash, refundOfCalls } from './refund-rules';

const utc = (tz: string | undefined) => tz ?? 'UTC';
const at = new Date('2026-11-20T10:00:00Z');
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as BillingError).code;
  }
  return 'none';
};

describe('refund rules', () => {
  it('asks for exactly one basis, a reason and an idempotency key', () => {
    expect(parseRefund({ requestIds: ['req_a'], reason: ' outage ', idempotencyKey: 'k1' }, utc)).toEqual({
      ask: { basis: 'requests', requestIds: ['req_a'] },
      reason: 'outage',
      idempotencyKey: 'k1',
    });
    expect(parseRefund({ month: '2026-11', amountMicros: '5000000', timeZone: 'Asia/Tokyo', reason: 'r', idempotencyKey: 'k' }, utc).ask).toEqual({
      basis: 'amount',
      month: '2026-11',
      timeZone: 'Asia/Tokyo',
      amountMicros: 5_000_000n,
    });
    expect(() => parseRefund({ requestIds: ['a'], month: '2026-11', reason: 'r', idempotencyKey: 'k' }, utc)).toThrow('exactly one of');
    expect(() => parseRefund({ requestIds: ['a'], reason: '', idempotencyKey: 'k' }, utc)).toThrow('reason is required');
    expect(() => parseRefund({ requestIds: ['a'], reason: 'x'.repeat(501), idempotencyKey: 'k' }, utc)).toThrow('reason is required');
    expect(() => parseRefund({ requestIds: ['a'], reason: 'r' }, utc)).toThrow('idempotency key is required');
    expect(() => parseRefund({ requestIds: ['a', 'a'], reason: 'r', idempotencyKey: 'k' }, utc)).toThrow('twice');
    expect(() => parseRefund({ month: '2026-11', amountMicros: 1.5, reason: 'r', idempotencyKey: 'k' }, utc)).toThrow('positive integer');
    expect(() => parseRefund({ month: '2026-11', amountMicros: 0, reason: 'r', idempotencyKey: 'k' }, utc)).toThrow('positive integer');
  });

  it('the fingerprint ignores the order of request ids but not the reason or amount', () => {
    const h = refundHash({ basis: 'requests', requestIds: ['b', 'a'] }, 'r');
    expect(refundHash({ basis: 'requests', requestIds: ['a', 'b'] }, 'r')).toBe(h);
    expect(refundHash({ basis: 'requests', requestIds: ['a', 'b'] }, 'other')).not.toBe(h);
    const amount = (n: bigint) => refundHash({ basis: 'amount', month: '2026-11', timeZone: 'UTC', amountMicros: n }, 'r');
    expect(amount(1n)).not.toBe(amount(2n));
  });

  it('a refund of calls credits exactly what they were charged, each call once', () => {
    const charged = [
      { requestId: 'a', chargedMicros: 1_234_567n, chargedAt: at },
      { requestId: 'b', chargedMicros: 7n, chargedAt: at },
    ];
    expect(refundOfCalls(['a', 'b'], charged, []).amount).toBe(1_234_574n);
    expect(codeOf(() => refundOfCalls(['a', 'c'], charged, []))).toBe('not_found');
    expect(() => refundOfCalls(['a', 'b'], charged, ['b'])).toThrow("Already refunded: 'b'");
    expect(codeOf(() => refundOfCalls(['a', 'b'], charged, ['b']))).toBe('already_refunded');
  });

  it('an amount refund: at most the charges minus what was refunded', () => {
    expect(() => checkAmountRefund(100n, 150n, 50n, 'ST-2026-11')).not.toThrow();
    expect(() => checkAmountRefund(101n, 150n, 50n, 'ST-2026-11')).toThrow('exceeds what ST-2026-11 has left to refund: 100 (charged 150, refunded 50)');
    expect(codeOf(() => checkAmountRefund(1n, 0n, 0n, 'x'))).toBe('refund_exceeds_charges');
  });
});
