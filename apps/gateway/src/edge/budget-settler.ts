import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { BUDGET_SETTLE_SCRIPT, budgetHoldKey } from '@tollgate/credit';
import { REDIS } from '../infra/tokens';
import { BudgetAlerts } from './budget-alerts';
import { BudgetClock } from './budget-clock';
import { budgetArgs, BudgetPlan } from './budget-plan';

/** A call that admission counted against a budget, until it settles. */
interface Ticket {
  plan: BudgetPlan;
  at: number;
}

interface Settling {
  requestId: string;
  plan: BudgetPlan;
  costMicros: number;
}

type RedisWithBudget = Redis & { tgBudgetSettle(numKeys: number, ...args: (string | number)[]): Promise<number[]> };

/** Finished calls gathered this long go to Redis in one script run per tenant. */
const BATCH_MS = 10;
/** A ticket no call settled by then (a call path that never finished) is forgotten; its Redis hold expires by itself. */
const TICKET_MAX_AGE_MS = 2 * 3_600_000;

/**
 * After a call: its budget hold (the worst case admission counted) becomes its real cost, off the
 * call path, batched per tenant like the credit settle (BUDGET_SETTLE_SCRIPT, idempotent per
 * request). Crossings it makes (a call that cost more than its hold) raise alerts like admission's.
 * If this gateway dies first, the holds stay counted: a budget errs on the side of the limit.
 */
@Injectable()
export class BudgetSettler implements OnApplicationShutdown {
  private readonly logger = new Logger('BudgetSettler');
  private readonly redis: RedisWithBudget;
  private readonly tickets = new Map<string, Ticket>();
  private queue: Settling[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly sweeper: NodeJS.Timeout;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly clock: BudgetClock,
    private readonly alerts: BudgetAlerts,
  ) {
    if (!('tgBudgetSettle' in redis)) redis.defineCommand('tgBudgetSettle', { lua: BUDGET_SETTLE_SCRIPT });
    this.redis = redis as RedisWithBudget;
    this.sweeper = setInterval(() => this.sweep(), 60_000).unref();
  }

  /** Admission counted this call against `plan`'s budgets. */
  held(requestId: string, plan: BudgetPlan): void {
    this.tickets.set(requestId, { plan, at: Date.now() });
  }

  /** The call ended with this real cost (0 gives the hold back). A call never counted is ignored. */
  settle(requestId: string, costMicros: number): void {
    const ticket = this.tickets.get(requestId);
    if (!ticket) return;
    this.tickets.delete(requestId);
    this.queue.push({ requestId, plan: ticket.plan, costMicros });
    this.timer ??= setTimeout(() => this.drain(), BATCH_MS);
  }

  /** Tests and shutdown: whatever is queued, settled now. */
  async flush(): Promise<void> {
    this.drain();
    await Promise.all([...this.pending]);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await this.flush();
  }

  private drain(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const byTenant = new Map<string, Settling[]>();
    for (const s of this.queue) {
      const calls = byTenant.get(s.plan.tenantId);
      if (calls) calls.push(s);
      else byTenant.set(s.plan.tenantId, [s]);
    }
    this.queue = [];
    for (const [tenantId, calls] of byTenant) {
      const p = this.run(tenantId, calls).finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  private async run(tenantId: string, calls: Settling[]): Promise<void> {
    const now = this.clock.now();
    const keys: string[] = [];
    const args: (string | number)[] = [];
    for (const c of calls) {
      keys.push(budgetHoldKey(tenantId, c.requestId), ...c.plan.keys);
      args.push(c.costMicros, ...budgetArgs(c.plan, now));
    }
    try {
      const out = await this.redis.tgBudgetSettle(keys.length, ...keys, ...args);
      calls.forEach((c, i) => this.alerts.raise(c.plan, out[i * 3], [out[i * 3 + 1], out[i * 3 + 2]]));
    } catch (err) {
      // The holds stay counted (they expire with their period): the budget errs on the side of the limit.
      this.logger.warn({ tenantId, requestIds: calls.map((c) => c.requestId).slice(0, 20), err: (err as Error).message }, 'budget settle failed');
    }
  }

  private sweep(): void {
    const before = Date.now() - TICKET_MAX_AGE_MS;
    for (const [id, t] of this.tickets) if (t.at < before) this.tickets.delete(id);
  }
}
