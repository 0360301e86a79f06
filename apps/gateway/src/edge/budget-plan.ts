import type { Budget, Principal } from '@tollgate/contracts';
import { BudgetScopeKeys, budgetScopeKeyList, formatInZone, formatMicros, keyBudgetKeys, periodBounds, tenantBudgetKeys } from '@tollgate/credit';

/** One scope's budget in the period that holds the plan's instant. */
export interface BudgetScope {
  which: 'key' | 'tenant';
  budget: Budget;
  /** Spend at which the soft threshold is crossed; 0 = none. */
  alertAt: number;
  start: number;
  /** null for lifetime. */
  end: number | null;
  keys: BudgetScopeKeys;
}

/**
 * What admission and settle pass the budget Lua for one principal in one period (see
 * @tollgate/credit budget-lua.ts for the orders): valid while `from <= now < until`.
 */
export interface BudgetPlan {
  tenantId: string;
  keyId: string;
  /** The id the key's spend is counted under (its predecessor's after a rotation). */
  spendId: string;
  timeZone: string;
  /** [key scope, tenant scope]; null where that scope has no budget. */
  scopes: [BudgetScope | null, BudgetScope | null];
  keys: string[];
  from: number;
  until: number;
}

export const NO_BUDGET_ARGS = [0, 0, 0, 0, 0, 0] as const;

/** Whose budgets, counted under which spend id, in which time zone, at which instant. */
interface PlanContext {
  p: Principal;
  spendId: string;
  timeZone: string;
  now: number;
}

function scopeOf(which: BudgetScope['which'], budget: Budget | null, { p, spendId, timeZone, now }: PlanContext): BudgetScope | null {
  if (!budget) return null;
  const { start, end } = periodBounds(budget.period, timeZone, now);
  const ref = { period: budget.period, start };
  const keys = which === 'key' ? keyBudgetKeys(p.tenantId, spendId, ref) : tenantBudgetKeys(p.tenantId, ref);
  const alertAt = budget.alertPercent ? Math.ceil((budget.micros * budget.alertPercent) / 100) : 0;
  return { which, budget, alertAt, start, end, keys };
}

/** The principal's budgets at `now`; null when it has none. */
export function budgetPlan(p: Principal, now: number): BudgetPlan | null {
  const b = p.budgets;
  if (!b || (!b.key && !b.tenant)) return null;
  const spendId = b.spendId ?? p.keyId;
  const at: PlanContext = { p, spendId, timeZone: b.timeZone, now };
  const scopes: BudgetPlan['scopes'] = [scopeOf('key', b.key, at), scopeOf('tenant', b.tenant, at)];
  const placeholder = `{c:${p.tenantId}}:bud:none`;
  const none: BudgetScopeKeys = { spent: placeholder, threshold: placeholder, exceeded: placeholder };
  const [key, tenant] = scopes;
  const live = scopes.filter((s): s is BudgetScope => s !== null);
  return {
    tenantId: p.tenantId,
    keyId: p.keyId,
    spendId,
    timeZone: b.timeZone,
    scopes,
    keys: budgetScopeKeyList(key?.keys ?? none, tenant?.keys ?? none),
    from: Math.max(...live.map((s) => s.start)),
    until: Math.min(...live.map((s) => s.end ?? Number.MAX_SAFE_INTEGER)),
  };
}

/** ms until the scope's period ends (at least 1), 0 for lifetime: the Lua's "ms left". */
function leftMs(s: BudgetScope, now: number): number {
  return s.end === null ? 0 : Math.max(1, s.end - now);
}

/** The 6 scope args: budget, alert-at and ms left for the key, then for the tenant (0s where none). */
export function budgetArgs(plan: BudgetPlan | null, now: number): readonly number[] {
  if (!plan) return NO_BUDGET_ARGS;
  const [k, t] = plan.scopes;
  return [k?.budget.micros ?? 0, k?.alertAt ?? 0, k ? leftMs(k, now) : 0, t?.budget.micros ?? 0, t?.alertAt ?? 0, t ? leftMs(t, now) : 0];
}

const ADJECTIVE = { day: 'daily', week: 'weekly', month: 'monthly', lifetime: 'lifetime' } as const;

/** "This API key's daily budget of $5.000000 is used up; it resets at 2026-11-27T00:00:00+09:00." */
export function budgetExceededMessage(s: BudgetScope, timeZone: string): string {
  const whose = s.which === 'key' ? "This API key's" : "This organization's";
  const when = s.end === null ? 'it does not reset' : `it resets at ${formatInZone(s.end, timeZone)}`;
  return `${whose} ${ADJECTIVE[s.budget.period]} budget of ${formatMicros(s.budget.micros)} is used up; ${when}.`;
}
