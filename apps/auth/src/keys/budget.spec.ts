import { budgetColumns, budgetOf, describeBudget, patchBudget, spendIdOf } from './budget';

describe('budget patches', () => {
  const daily = { micros: 5_000_000, period: 'day' as const, alertPercent: 80 };

  it('sets, changes field by field, and removes a budget', () => {
    expect(patchBudget(null, { micros: 1_000, period: 'week' })).toEqual({ micros: 1_000, period: 'week', alertPercent: null });
    expect(patchBudget(daily, { micros: 2_000_000 })).toEqual({ ...daily, micros: 2_000_000 });
    expect(patchBudget(daily, { alertPercent: null })).toEqual({ ...daily, alertPercent: null });
    expect(patchBudget(daily, { period: 'lifetime' })).toEqual({ ...daily, period: 'lifetime' });
    expect(patchBudget(daily, { micros: null, period: 'week' })).toBeNull();
  });

  it('refuses a budget without an amount or a period, naming the field', () => {
    expect(() => patchBudget(null, { period: 'day' })).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'budgetMicros' }));
    expect(() => patchBudget(null, { micros: 5 }, 'budget_micros')).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'budget_period' }));
  });

  it('round-trips the columns (money as bigint) and words a budget', () => {
    expect(budgetOf({ ...budgetColumns(daily) })).toEqual(daily);
    expect(budgetColumns(null)).toEqual({ budgetMicros: null, budgetPeriod: null, budgetAlertPercent: null });
    expect(describeBudget(daily)).toBe('$5.000000 per day');
    expect(describeBudget({ ...daily, period: 'lifetime' })).toBe('$5.000000 in total');
  });

  it("counts a rotated key's spend under its predecessor's id", () => {
    expect(spendIdOf({ id: 'new', budgetSpendId: 'first' })).toBe('first');
    expect(spendIdOf({ id: 'only', budgetSpendId: null })).toBe('only');
  });
});
