import type { Key } from '../api/types';
import { formatMicros } from '../ui/money';

export const BUDGET_PERIODS = ['day', 'week', 'month', 'lifetime'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/** What /me/keys says about a key's budget (docs/me-api.md, Budgets). */
export interface EffectiveBudget {
  scope: 'key' | 'organization';
  budget_micros: number;
  period: BudgetPeriod;
  spent_micros: number;
  remaining_micros: number;
  /** Start of the next period in the organization's time zone; null for lifetime. */
  resets_at: string | null;
}

export interface KeyBudget {
  budget_micros?: number | null;
  budget_period?: BudgetPeriod | null;
  budget_alert_percent?: number | null;
  effective_budget?: EffectiveBudget | null;
}

export type BudgetedKey = Key & KeyBudget;

/** PATCH /me/keys/{id}: budget_micros null removes the budget. */
export interface BudgetPatch {
  budget_micros: number | null;
  budget_period?: BudgetPeriod;
  budget_alert_percent?: number | null;
}

export const PERIOD_LABELS: Record<BudgetPeriod, string> = { day: 'per day', week: 'per week', month: 'per month', lifetime: 'in total' };

/** "$5.00 per day" */
export function describeBudget(micros: number, period: BudgetPeriod): string {
  return `${formatMicros(micros)} ${PERIOD_LABELS[period]}`;
}

/** "$3.20 of $5.00 per day left" for the budget that binds the key now. */
export function remainingText(e: EffectiveBudget): string {
  return `${formatMicros(e.remaining_micros)} of ${describeBudget(e.budget_micros, e.period)} left`;
}
