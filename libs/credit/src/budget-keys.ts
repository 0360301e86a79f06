import type { BudgetPeriod } from '@tollgate/contracts';

/**
 * Redis layout of budgets, under the tenant's credit hash tag `{c:<tenant>}` so that the
 * admission script (revocation, rate limits, credit hold) touches them on the same slot:
 *
 *   bud:k:<keyId>:<period>:<start>   spend of one key in one period (micro-units)
 *   bud:t:<period>:<start>           spend of the whole tenant in one period
 *   …:threshold, …:exceeded          "alert raised" markers of that period (SET NX, expire at its end)
 *   bud:hold:<requestId>             what admission counted for a call (its hold), until settle,
 *                                    or the TTL the gateway gives it if its settle never comes
 *
 * `start` is the period's first instant (epoch ms; 0 for lifetime), so a new period is a new
 * counter and the old one expires a grace period after its end.
 */
export interface BudgetScopeKeys {
  spent: string;
  threshold: string;
  exceeded: string;
}

/** The period a counter belongs to: its name and first instant. */
export interface PeriodRef {
  period: BudgetPeriod;
  start: number;
}

const tag = (tenantId: string) => `{c:${tenantId}}`;

export function keyBudgetKeys(tenantId: string, keyId: string, p: PeriodRef): BudgetScopeKeys {
  const spent = `${tag(tenantId)}:bud:k:${keyId}:${p.period}:${p.start}`;
  return { spent, threshold: `${spent}:threshold`, exceeded: `${spent}:exceeded` };
}

export function tenantBudgetKeys(tenantId: string, p: PeriodRef): BudgetScopeKeys {
  const spent = `${tag(tenantId)}:bud:t:${p.period}:${p.start}`;
  return { spent, threshold: `${spent}:threshold`, exceeded: `${spent}:exceeded` };
}

export function budgetHoldKey(tenantId: string, requestId: string): string {
  return `${tag(tenantId)}:bud:hold:${requestId}`;
}

/** The order in which the scripts take a call's budget keys: key scope, then tenant scope. */
export function budgetScopeKeyList(key: BudgetScopeKeys, tenant: BudgetScopeKeys): string[] {
  return [key.spent, tenant.spent, key.threshold, key.exceeded, tenant.threshold, tenant.exceeded];
}

/** The Lua locals naming the six budget scope keys, in budgetScopeKeyList order (see keys.ts luaKeyLocals). */
export const BUDGET_SCOPE_KEY_LOCALS = [
  'key_spent_key',
  'tenant_spent_key',
  'key_threshold_key',
  'key_exceeded_key',
  'tenant_threshold_key',
  'tenant_exceeded_key',
] as const;
