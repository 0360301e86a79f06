import type { Budget, BudgetPeriod } from '@tollgate/contracts';
import { formatMicros } from '@tollgate/credit';
import { AuthError } from '../errors/auth.error';

/** A change to a budget: `micros: null` removes it; omitted fields keep their current value. */
export interface BudgetPatch {
  micros?: number | null;
  period?: BudgetPeriod;
  alertPercent?: number | null;
}

/** The budget columns a key or a tenant row carries. */
export interface BudgetColumns {
  budgetMicros: bigint | null;
  budgetPeriod: string | null;
  budgetAlertPercent: number | null;
}

export function budgetOf(row: BudgetColumns): Budget | null {
  if (row.budgetMicros === null || row.budgetPeriod === null) return null;
  return { micros: Number(row.budgetMicros), period: row.budgetPeriod as BudgetPeriod, alertPercent: row.budgetAlertPercent };
}

/** The id a key's budget spend is counted under: a rotated key keeps its predecessor's. */
export function spendIdOf(key: { id: string; budgetSpendId: string | null }): string {
  return key.budgetSpendId ?? key.id;
}

export function budgetColumns(b: Budget | null): BudgetColumns {
  return { budgetMicros: b ? BigInt(b.micros) : null, budgetPeriod: b?.period ?? null, budgetAlertPercent: b?.alertPercent ?? null };
}

/** True when the patch names any budget field. */
export function touchesBudget(patch: BudgetPatch): boolean {
  return patch.micros !== undefined || patch.period !== undefined || patch.alertPercent !== undefined;
}

/** The budget after `patch` (null: none); refuses a budget without an amount or a period. */
export function patchBudget(current: Budget | null, patch: BudgetPatch, param = 'budgetMicros'): Budget | null {
  if (patch.micros === null) return null;
  const micros = patch.micros ?? current?.micros;
  const period = patch.period ?? current?.period;
  if (micros === undefined) throw new AuthError('invalid_request', 'Set the budget amount (micro-units) along with its period or alert percent.', param);
  if (!Number.isSafeInteger(micros) || micros <= 0)
    throw new AuthError('invalid_request', 'The budget amount must be a positive whole number of micro-units.', param);
  if (period === undefined)
    throw new AuthError(
      'invalid_request',
      "A budget needs a period: 'day', 'week', 'month' or 'lifetime'.",
      param.replace('Micros', 'Period').replace('micros', 'period'),
    );
  const alertPercent = patch.alertPercent !== undefined ? patch.alertPercent : (current?.alertPercent ?? null);
  return { micros, period, alertPercent };
}

/** "$5.000000 per day" */
export function describeBudget(b: Budget): string {
  const dollars = formatMicros(b.micros);
  return b.period === 'lifetime' ? `${dollars} in total` : `${dollars} per ${b.period}`;
}
