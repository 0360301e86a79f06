import { boundaries, expiryAmount, GrantSpan, remaining } from './promo-rules';

const t = (h: number) => new Date(Date.UTC(2026, 10, 1, h));
const grant = (id: string, amount: bigint, from: number, to: number): GrantSpan => ({ id, amount, grantedAt: t(from), expiresAt: t(to) });

describe('promotional credit: the unused part', () => {
  it('spend before the expiry consumes the grant; the rest is unused', () => {
    const g = grant('g', 10_000_000n, 0, 10);
    const bounds = boundaries([g], g.expiresAt);
    expect(bounds).toEqual([t(0), t(10)]);
    expect(remaining([g], bounds, [3_000_000n]).get('g')).toBe(7_000_000n);
    expect(remaining([g], bounds, [12_000_000n]).get('g')).toBe(0n);
  });

  it("the grant expiring soonest is consumed first; spend outside a grant's life never touches it", () => {
    const early = grant('early', 5n, 0, 4);
    const late = grant('late', 5n, 2, 8);
    const bounds = boundaries([early, late], t(8));
    expect(bounds).toEqual([t(0), t(2), t(4), t(8)]);
    // [0,2): 2 → early; [2,4): 4 → early 3 (its last), late 1; [4,8): 1 → late.
    const left = remaining([early, late], bounds, [2n, 4n, 1n]);
    expect(left.get('early')).toBe(0n);
    expect(left.get('late')).toBe(3n);
    // Spend before a grant existed is not its own.
    expect(remaining([late], boundaries([late], t(8)), [1n]).get('late')).toBe(4n);
  });

  it('never expires more than the balance holds, nor a negative amount', () => {
    expect(expiryAmount(7n, 100n)).toBe(7n);
    expect(expiryAmount(7n, 3n)).toBe(3n);
    expect(expiryAmount(7n, -5n)).toBe(0n);
  });
});
