import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { AlertRaised } from '@tollgate/contracts';
import { formatInZone } from '@tollgate/credit';
import { Bus, ensureAlertsStream } from '@tollgate/messaging';
import { BudgetClock } from './budget-clock';
import type { BudgetPlan, BudgetScope } from './budget-plan';

/** Crossing bits the budget Lua returns: per scope, 1 the soft threshold and 2 the budget itself (tenant: 4 and 8). */
const THRESHOLD = 1;
const EXCEEDED = 2;
const TENANT_SHIFT = 4;

/**
 * Publishes tenants.alerts.raised.v1 for budget crossings the scripts report (each at most once per
 * period: the scripts' SET NX markers). Fire and forget: a call never waits for it nor fails by it;
 * a failed publish is logged. The JetStream msg id is the dedupe key, so a repeat is stored once.
 */
@Injectable()
export class BudgetAlerts implements OnApplicationBootstrap {
  private readonly logger = new Logger('BudgetAlerts');
  /** Settles once the alerts stream exists (or could not be made: then the next alert tries again). */
  private stream: Promise<void> | null = null;

  constructor(
    private readonly bus: Bus,
    private readonly clock: BudgetClock,
  ) {}

  onApplicationBootstrap(): void {
    this.stream = this.ensureStream();
  }

  /** `crossed`: the scripts' bits; `spent`: the key's and the tenant's spend after the call. */
  raise(plan: BudgetPlan, crossed: number, spent: readonly [number, number]): void {
    if (!crossed) return;
    plan.scopes.forEach((scope, i) => {
      const bits = i === 0 ? crossed % TENANT_SHIFT : Math.floor(crossed / TENANT_SHIFT);
      if (!scope) return;
      if (bits & THRESHOLD) this.publish(plan, scope, 'budget.threshold', spent[i]);
      if (bits & EXCEEDED) this.publish(plan, scope, 'budget.exceeded', spent[i]);
    });
  }

  /** The first refusal of a period: the budget is exhausted. */
  exhausted(plan: BudgetPlan, scope: BudgetScope, spent: number): void {
    this.publish(plan, scope, 'budget.exceeded', spent);
  }

  private publish(plan: BudgetPlan, scope: BudgetScope, type: 'budget.threshold' | 'budget.exceeded', spent: number): void {
    const b = scope.budget;
    const alert: AlertRaised = {
      tenantId: plan.tenantId,
      type,
      occurredAt: new Date(this.clock.now()).toISOString(),
      dedupeKey: `${type}:${scope.which === 'key' ? `key:${plan.spendId}` : 'tenant'}:${b.period}:${scope.start}`,
      data: {
        scope: scope.which,
        ...(scope.which === 'key' ? { keyId: plan.keyId } : {}),
        budgetMicros: b.micros,
        spentMicros: spent,
        period: b.period,
        periodStart: formatInZone(scope.start, plan.timeZone),
        periodEnd: scope.end === null ? null : formatInZone(scope.end, plan.timeZone),
        ...(type === 'budget.threshold' && b.alertPercent ? { percent: b.alertPercent } : {}),
      },
    };
    void (this.stream ??= this.ensureStream())
      .then(() => this.bus.publishDurable('alertRaised', alert, alert.dedupeKey))
      .catch((err: Error) => {
        this.logger.warn({ tenantId: alert.tenantId, dedupeKey: alert.dedupeKey, err: err.message }, 'budget alert not published');
      });
  }

  private ensureStream(): Promise<void> {
    return ensureAlertsStream(this.bus).then(
      () => undefined,
      (err: Error) => {
        this.stream = null;
        this.logger.warn({ err: err.message }, 'alerts stream not ready; budget alerts will retry it');
      },
    );
  }
}
