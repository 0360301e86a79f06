import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import type { TenantId, Budget } from '@tollgate/contracts';
import { formatInZone, keyBudgetKeys, periodBounds, tenantBudgetKeys } from '@tollgate/credit';
import { REDIS } from '../infra/infra.module';

/** The budget that binds a key now: the key's or its tenant's, whichever has less left this period. */
export interface EffectiveBudget {
  scope: 'key' | 'tenant';
  micros: number;
  period: Budget['period'];
  /** Counted this period: settled costs plus the worst case of calls still running. */
  spentMicros: number;
  remainingMicros: number;
  /** Start of the next period, ISO 8601 in the tenant's time zone (`2026-11-27T00:00:00+09:00`); null for lifetime. */
  resetsAt: string | null;
}

interface Candidate {
  scope: 'key' | 'tenant';
  budget: Budget;
  counter: string;
  resetsAt: string | null;
}

/** Reads the period spend counters the gateways keep in Redis (see @tollgate/credit budget-keys). */
@Injectable()
export class BudgetStatusService {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** For each key (in order), its effective budget or null; one MGET for all of them. */
  async effective(
    tenantId: TenantId,
    tenantBudget: Budget | null,
    timeZone: string,
    keys: readonly { spendId: string; budget: Budget | null }[],
    now = Date.now(),
  ): Promise<(EffectiveBudget | null)[]> {
    const tenant = tenantBudget ? this.candidate('tenant', tenantBudget, timeZone, now, (p) => tenantBudgetKeys(tenantId, p).spent) : null;
    const perKey = keys.map((k) => (k.budget ? this.candidate('key', k.budget, timeZone, now, (p) => keyBudgetKeys(tenantId, k.spendId, p).spent) : null));
    const counters = [...(tenant ? [tenant.counter] : []), ...perKey.filter((c): c is Candidate => c !== null).map((c) => c.counter)];
    if (!counters.length) return keys.map(() => null);
    const values = await this.redis.mget(...counters);
    const spent = new Map(counters.map((c, i) => [c, Math.max(0, Number(values[i] ?? 0))]));
    return perKey.map((own) =>
      tightest(
        [own, tenant].filter((c): c is Candidate => c !== null),
        spent,
      ),
    );
  }

  private candidate(
    scope: Candidate['scope'],
    budget: Budget,
    timeZone: string,
    now: number,
    counter: (p: { period: Budget['period']; start: number }) => string,
  ): Candidate {
    const bounds = periodBounds(budget.period, timeZone, now);
    return {
      scope,
      budget,
      counter: counter({ period: budget.period, start: bounds.start }),
      resetsAt: bounds.end === null ? null : formatInZone(bounds.end, timeZone),
    };
  }
}

function tightest(candidates: Candidate[], spent: Map<string, number>): EffectiveBudget | null {
  let best: EffectiveBudget | null = null;
  for (const c of candidates) {
    const used = spent.get(c.counter) ?? 0;
    const e: EffectiveBudget = {
      scope: c.scope,
      micros: c.budget.micros,
      period: c.budget.period,
      spentMicros: used,
      remainingMicros: Math.max(0, c.budget.micros - used),
      resetsAt: c.resetsAt,
    };
    if (!best || e.remainingMicros < best.remainingMicros) best = e;
  }
  return best;
}
