import { balanceDrift } from './credit-sync.metrics';

describe('balanceDrift', () => {
  it('is the absolute difference, either way', () => {
    expect(balanceDrift('1500', 1000n)).toBe(500n);
    expect(balanceDrift('1000', 1500n)).toBe(500n);
  });

  it('counts a missing or garbled Redis balance as 0', () => {
    expect(balanceDrift(null, 2500n)).toBe(2500n);
    expect(balanceDrift('tampered', -700n)).toBe(700n);
  });

  it('stays exact past 2^53 micro-units', () => {
    expect(balanceDrift('0', 9_007_199_254_740_993n)).toBe(9_007_199_254_740_993n);
  });
});
