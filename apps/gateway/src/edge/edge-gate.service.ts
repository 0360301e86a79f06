import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { Principal, revokedKey } from '@tollgate/contracts';
import { creditKeyList, creditKeys, encodeHoldMeta, HoldMeta } from '@tollgate/credit';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { GatewayError, GatewayErrors, invalidKey } from '../errors/gateway.error';
import { REDIS } from '../infra/tokens';
import { EDGE_SCRIPT } from './edge-script';
import { rateHeaders, rateState, RateState, windowKeys, WINDOW_MS } from './rate-limits';

export interface Admission {
  /** Rate-limit headers for the response (empty when no limit is set). */
  headers: Record<string, string>;
  holdMicros: number;
}

type RedisWithEdge = Redis & { tgEdge(...args: (string | number)[]): Promise<number[]> };

/** Admission control: revocation, rate limits and the credit hold, in one Redis round trip. */
@Injectable()
export class EdgeGate {
  private readonly logger = new Logger('EdgeGate');
  private readonly redis: RedisWithEdge;
  private readonly bypass: boolean;
  private queued: (() => Promise<void>)[] = [];
  private sending = false;
  private readonly keys = new WeakMap<Principal, { window: number; keys: string[] }>();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(REDIS) redis: Redis,
  ) {
    redis.defineCommand('tgEdge', { numberOfKeys: 14, lua: EDGE_SCRIPT });
    this.redis = redis as RedisWithEdge;
    this.bypass = config.BENCH_BYPASS.has('admission');
    if (this.bypass) this.logger.warn('BENCH_BYPASS=admission: no revocation, rate-limit or credit checks (bench only)');
  }

  /** `need.meta` describes a metered call for billing, should this gateway die while it runs. */
  async admit(p: Principal, requestId: string, need: { holdMicros: number; tokens: number; meta?: HoldMeta }): Promise<Admission> {
    if (this.bypass) return { headers: {}, holdMicros: 0 };
    const now = Date.now();
    const l = p.limits;
    const args = [...this.keysOf(p, now), requestId, need.holdMicros, this.config.HOLD_TTL_MS, l.keyRpm ?? 0, l.keyTpm ?? 0, l.tenantRpm ?? 0, l.tenantTpm ?? 0, need.tokens, WINDOW_MS - (now % WINDOW_MS) + 1000, need.holdMicros > 0 && need.meta ? encodeHoldMeta(need.meta) : ''];
    const res = await this.run(args);
    switch (res[0]) {
      case 0:
        return { headers: rateHeaders(rateState(l, res.slice(2), now)), holdMicros: need.holdMicros };
      case 1:
        throw invalidKey();
      case 2:
        throw rateLimited(rateState(l, res.slice(2), now), res[1]);
      default:
        throw GatewayErrors.insufficientCredits();
    }
  }

  /** The script's 14 keys for this key in this minute (built once per principal and window). */
  private keysOf(p: Principal, now: number): string[] {
    const window = Math.floor(now / WINDOW_MS);
    const cached = this.keys.get(p);
    if (cached?.window === window) return cached.keys;
    const keys = [revokedKey(p.tenantId, p.keyId), ...creditKeyList(creditKeys(p.tenantId)), ...windowKeys(p.tenantId, p.keyId, now)];
    this.keys.set(p, { window, keys });
    return keys;
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
