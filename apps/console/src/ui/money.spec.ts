import { axisDecimals, formatMicros, parseMoneyToMicros, sumMicros } from './money';

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

describe('parseMoneyToMicros (typed amounts to integer micro-units, no float math)', () => {
  it('reads whole and decimal amounts exactly', () => {
    expect(parseMoneyToMicros('25')).toBe(25_000_000n);
    expect(parseMoneyToMicros(' 19.99 ')).toBe(19_990_000n);
    expect(parseMoneyToMicros('0.1')).toBe(100_000n);
    expect(parseMoneyToMicros('.5')).toBe(500_000n);
    expect(parseMoneyToMicros('1,000.01')).toBe(1_000_010_000n);
    expect(parseMoneyToMicros('0.000001')).toBe(1n);
    expect(parseMoneyToMicros('90071992547.409931')).toBe(90_071_992_547_409_931n);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', '.', '-5', '1e3', '1.2345678', '12,34', 'abc', '1.2.3', '$5']) expect(parseMoneyToMicros(bad)).toBeNull();
  });
});

describe('axisDecimals (a cost axis that says something at every scale)', () => {
  it.each([
    [5_000_000, 2], // $5: whole cents
    [100_000, 2], // $0.10
    [99_999, 3], // just under 10 cents: $0.100, $0.075...
    [47, 6], // $0.000047: every micro
    [1_500, 4], // $0.0015
    [0, 2],
  ])('largest amount %i micros -> %i decimals', (max, decimals) => {
    expect(axisDecimals(max)).toBe(decimals);
  });

  it('tells the ticks of sub-cent costs apart', () => {
    const decimals = axisDecimals(48);
    expect([0, 12, 24, 36, 48].map((v) => formatMicros(v, { maxDecimals: decimals }))).toEqual(['$0.00', '$0.000012', '$0.000024', '$0.000036', '$0.000048']);
  });
});
