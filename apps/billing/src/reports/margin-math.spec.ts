import { marginPercent } from './margin-math';

describe('marginPercent', () => {
  it.each([
    [625n, 3125n, '20.00'],
    [1n, 3n, '33.33'],
    [2n, 3n, '66.67'],
    [1n, 8n, '12.50'],
    [-1n, 8n, '-12.50'],
    [1n, 200_000n, '0.00'],
    [-1n, 200_000n, '0.00'],
    [1n, 20_000n, '0.01'],
    [3125n, 3125n, '100.00'],
    [-6250n, 3125n, '-200.00'],
    [123_456_789_012_345_678n, 123_456_789_012_345_679n, '100.00'],
  ])('%s of %s → %s', (margin, revenue, expected) => {
    expect(marginPercent(margin, revenue)).toBe(expected);
  });

  it('is null without revenue', () => {
    expect(marginPercent(0n, 0n)).toBeNull();
    expect(marginPercent(-5n, 0n)).toBeNull();
  });
});
