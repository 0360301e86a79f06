import { formatMicros, microsToMinor, minorToMicros, parseIntegerAmount, toSafeNumber } from './money';

describe('money', () => {
  it('formats micro-units as exact decimals', () => {
    expect(formatMicros(1234567n)).toBe('1.234567');
    expect(formatMicros(-5)).toBe('-0.000005');
    expect(formatMicros(0n)).toBe('0.000000');
    expect(formatMicros(9007199254740993n)).toBe('9007199254.740993');
  });

  it('converts minor units exactly per currency', () => {
    expect(minorToMicros(1999n, 'USD')).toBe(19_990_000n);
    expect(minorToMicros(500n, 'jpy')).toBe(500_000_000n);
    expect(minorToMicros(1234n, 'KWD')).toBe(1_234_000n);
  });

  it('converts micro-units to minor units only when exact', () => {
    expect(microsToMinor(19_990_000n, 'USD')).toBe(1999n);
    expect(microsToMinor(10_000_000_000n, 'usd')).toBe(1_000_000n);
    expect(microsToMinor(19_995_000n, 'USD')).toBeNull();
    expect(microsToMinor(1n, 'USD')).toBeNull();
    expect(microsToMinor(500_000_000n, 'JPY')).toBe(500n);
    expect(microsToMinor(500_500_000n, 'JPY')).toBeNull();
    expect(microsToMinor(1_234_000n, 'KWD')).toBe(1234n);
  });

  it('accepts only integers as amounts', () => {
    expect(parseIntegerAmount(12)).toBe(12n);
    expect(parseIntegerAmount('90071992547409931')).toBe(90071992547409931n);
    expect(parseIntegerAmount(1.5)).toBeNull();
    expect(parseIntegerAmount('1e3')).toBeNull();
    expect(() => toSafeNumber(2n ** 60n)).toThrow(RangeError);
  });
});
