import { formatMicros, sumMicros } from './money';

describe('formatMicros (integer micro-units, no float math)', () => {
  it('keeps every significant micro and trims trailing zeros to two decimals', () => {
    expect(formatMicros(12_345_678)).toBe('$12.345678');
    expect(formatMicros(12_500_000)).toBe('$12.50');
    expect(formatMicros(12_000_000)).toBe('$12.00');
    expect(formatMicros(1)).toBe('$0.000001');
    expect(formatMicros(0)).toBe('$0.00');
    expect(formatMicros(1_234_567_890_120)).toBe('$1,234,567.89012');
  });

  it('formats negatives, other currencies and huge values exactly', () => {
    expect(formatMicros(-2_500_000)).toBe('-$2.50');
    expect(formatMicros(3_100_000, { currency: 'chf' })).toBe('3.10 CHF');
    expect(formatMicros(9_007_199_254_740_993n)).toBe('$9,007,199,254.740993');
  });

  it('rounds half away from zero when asked for fewer decimals', () => {
    expect(formatMicros(1_234_999, { maxDecimals: 2 })).toBe('$1.23');
    expect(formatMicros(1_235_000, { maxDecimals: 2 })).toBe('$1.24');
    expect(formatMicros(-1_235_000, { maxDecimals: 2 })).toBe('-$1.24');
    expect(formatMicros(4_000, { maxDecimals: 2 })).toBe('$0.00');
  });

  it('sums exactly', () => {
    expect(sumMicros([Number.MAX_SAFE_INTEGER, 2])).toBe(9_007_199_254_740_993n);
  });
});
