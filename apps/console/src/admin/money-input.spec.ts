import { parseMicros } from './money-input';

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
