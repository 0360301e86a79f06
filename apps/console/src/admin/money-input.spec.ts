import { formatBp, parseMicros, parsePercentBp } from './money-input';

describe('parseMicros', () => {
  it.each([
    ['12.50', 12_500_000],
    ['$1,000', 1_000_000_000],
    ['0.000001', 1],
    ['0.1', 100_000],
    ['0.29', 290_000],
    ['1.', 1_000_000],
    ['7', 7_000_000],
    ['9007199254.740991', Number.MAX_SAFE_INTEGER],
  ])('%s → %d micro-units', (text, micros) => {
    expect(parseMicros(text)).toBe(micros);
  });

  it.each(['', '.', 'abc', '-5', '1.0000001', '1e3', '9007199254.740992', '1.2.3'])('refuses %j', (text) => {
    expect(parseMicros(text)).toBeNull();
  });
});

describe('parsePercentBp', () => {
  it.each([
    ['25', 2500],
    ['12.5', 1250],
    ['0.01', 1],
    ['0', 0],
    ['33.33 %', 3333],
    ['10000', 1_000_000],
  ])('%s → %d basis points', (text, bp) => {
    expect(parsePercentBp(text)).toBe(bp);
  });

  it.each(['', '.', '-5', '1.001', '1e2', 'abc', '123456'])('refuses %j', (text) => {
    expect(parsePercentBp(text)).toBeNull();
  });
});

describe('formatBp', () => {
  it.each([
    [2500, '25'],
    [1250, '12.5'],
    [1, '0.01'],
    [0, '0'],
    [3333, '33.33'],
  ])('%d → %s %%', (bp, text) => {
    expect(formatBp(bp)).toBe(text);
  });
});
