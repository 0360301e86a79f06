import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { Principal, revokedKey } from '@tollgate/contracts';
import { budgetHoldKey, creditKeyList, creditKeys, encodeHoldMeta, HoldMeta } from '@tollgate/credit';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { GatewayError, GatewayErrors, invalidKey } from '../errors/gateway.error';
import { REDIS } from '../infra/tokens';
import { BudgetAlerts } from './budget-alerts';
import { BudgetClock } from './budget-clock';
import { budgetArgs, budgetExceededMessage, budgetPlan, BudgetPlan } from './budget-plan';
import { BudgetSettler } from './budget-settler';
import { EDGE_SCRIPT } from './edge-script';
import { rateHeaders, rateState, RateState, windowKeys, WINDOW_MS } from './rate-limits';

export interface Admission {
  /** Rate-limit headers for the response (empty when no limit is set). */
  headers: Record<string, string>;
  holdMicros: number;
}

/** How long a call's budget hold may wait for its settle (then it stays counted, and expires). */
const BUDGET_HOLD_TTL_MS = 24 * 3_600_000;

type RedisWithEdge = Redis & { tgEdge(...args: (string | number)[]): Promise<number[]> };

/** Admission control: revocation, rate limits, budgets and the credit hold, in one Redis round trip. */
@Injectable()
export class EdgeGate {
  private readonly logger = new Logger('EdgeGate');
  private readonly redis: RedisWithEdge;
  private queued: (() => Promise<void>)[] = [];
  private sending = false;
  private readonly keys = new WeakMap<Principal, { window: number; keys: string[]; noBudget: string[] }>();
  private readonly plans = new WeakMap<Principal, { plan: BudgetPlan | null }>();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(REDIS) redis: Redis,
    private readonly clock: BudgetClock,
    private readonly settler: BudgetSettler,
    private readonly alerts: BudgetAlerts,
  ) {
    redis.defineCommand('tgEdge', { numberOfKeys: 21, lua: EDGE_SCRIPT });
    this.redis = redis as RedisWithEdge;
  }

  /** `need.meta` describes a metered call for billing, should this gateway die while it runs. */
  async admit(p: Principal, requestId: string, need: { holdMicros: number; tokens: number; meta?: HoldMeta }): Promise<Admission> {
    const now = Date.now();
    const budgetNow = this.clock.now();
    const plan = need.holdMicros > 0 ? this.planOf(p, budgetNow) : null;
    const l = p.limits;
    const keys = this.keysOf(p, now);
    const args = [
      ...keys.keys,
      ...(plan ? plan.keys : keys.noBudget),
      plan ? budgetHoldKey(p.tenantId, requestId) : keys.noBudget[0],
      requestId,
      need.holdMicros,
      this.config.HOLD_TTL_MS,
      l.keyRpm ?? 0,
      l.keyTpm ?? 0,
      l.tenantRpm ?? 0,
      l.tenantTpm ?? 0,
      need.tokens,
      WINDOW_MS - (now % WINDOW_MS) + 1000,
      need.holdMicros > 0 && need.meta ? encodeHoldMeta(need.meta) : '',
      ...budgetArgs(plan, budgetNow),
      BUDGET_HOLD_TTL_MS,
    ];
    const res = await this.run(args);
    switch (res[0]) {
      case 0:
        if (plan) this.counted(requestId, plan, res);
        return { headers: rateHeaders(rateState(l, res.slice(2, 6), now)), holdMicros: need.holdMicros };
      case 1:
        throw invalidKey();
      case 2:
        throw rateLimited(rateState(l, res.slice(2), now), res[1]);
      case 3:
        throw GatewayErrors.insufficientCredits();
      default:
        throw this.overBudget(plan, res);
    }
  }

  /** Admitted under budgets: the settle will move them to the real cost; crossings raise alerts. */
  private counted(requestId: string, plan: BudgetPlan, res: number[]): void {
    this.settler.held(requestId, plan);
    if (res[6]) this.alerts.raise(plan, res[6], [res[7], res[8]]);
  }

  /** {4, scope, spend, first refusal of the period}: the 403 naming the budget and when it resets. */
  private overBudget(plan: BudgetPlan | null, res: number[]): GatewayError {
    const scope = plan?.scopes[res[1] - 1];
    if (!plan || !scope) return GatewayErrors.billingUnavailable();
    if (res[3] === 1) this.alerts.exhausted(plan, scope, res[2]);
    return GatewayErrors.budgetExceeded(budgetExceededMessage(scope, plan.timeZone));
  }

  /** The principal's budgets in the period holding `now` (recomputed when a period turns). */
  private planOf(p: Principal, now: number): BudgetPlan | null {
    const cached = this.plans.get(p);
    if (cached && (!cached.plan || (cached.plan.from <= now && now < cached.plan.until))) return cached.plan;
    const plan = budgetPlan(p, now);
    this.plans.set(p, { plan });
    return plan;
  }

  /**
   * The script's first 14 keys for this key in this minute, and the 6 budget keys of a call counted
   * against no budget (placeholders the script leaves alone), built once per principal and window.
   */
  private keysOf(p: Principal, now: number): { keys: string[]; noBudget: string[] } {
    const window = Math.floor(now / WINDOW_MS);
    const cached = this.keys.get(p);
    if (cached?.window === window) return cached;
    const keys = [revokedKey(p.tenantId, p.keyId), ...creditKeyList(creditKeys(p.tenantId)), ...windowKeys(p.tenantId, p.keyId, now)];
    const entry = { window, keys, noBudget: Array<string>(6).fill(`{c:${p.tenantId}}:bud:none`) };
    this.keys.set(p, entry);
    return entry;
  }

  /**
   * Group commit: admissions queue while a batch is out at Redis and leave together, corked in
   * one socket write, when it is back (or on the next turn of the event loop when none is out).
   * A lone request waits for nothing; under load each batch carries what arrived during the
   * previous one's round trip. Redis being slow or down fails within AUTH_TIMEOUT_MS (the
   * command timeout; no offline queue).
   */
  private run(args: (string | number)[]): Promise<number[]> {
    return new Promise<number[]>((resolve, reject) => {
      this.queued.push(() => this.redis.tgEdge(...args).then(resolve, reject));
      if (!this.sending && this.queued.length === 1) setImmediate(this.flush);
    }).catch((err: Error) => {
      this.logger.warn({ err: err.message }, 'Redis unavailable');
      throw GatewayErrors.authUnavailable();
    });
  }

  private readonly flush = (): void => {
    const batch = this.queued;
    this.queued = [];
    this.sending = batch.length > 0;
    if (!this.sending) return;
    const socket = batch.length > 1 ? this.redis.stream : null;
    socket?.cork();
    const out = batch.map((send) => send());
    socket?.uncork();
    void Promise.all(out).then(this.flush);
  };
}

function rateLimited(state: RateState, which: number): GatewayError {
  const what = which === 1 || which === 3 ? 'requests' : 'tokens';
  const scope = which <= 2 ? 'API key' : 'organization';
  const retryAfter = String(Math.max(1, Math.ceil(state.resetMs / 1000)));
  return GatewayErrors.rateLimited(`Rate limit reached for ${what} per minute on this ${scope}. Please try again in ${retryAfter}s.`, {
    ...rateHeaders(state),
    'retry-after': retryAfter,
  });
}
