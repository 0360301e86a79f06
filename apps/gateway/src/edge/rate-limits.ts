import type { Principal } from '@tollgate/contracts';

export const WINDOW_MS = 60_000;

export interface RateState {
  requests?: { limit: number; remaining: number };
  tokens?: { limit: number; remaining: number };
  resetMs: number;
}

type Limits = Principal['limits'];

/** Of the key's and the tenant's limit, the one with less room left (that is the one a caller hits first). */
function binding(keyLimit: number | null, keyUsed: number, tenantLimit: number | null, tenantUsed: number) {
  const options = [
    ...(keyLimit ? [{ limit: keyLimit, remaining: Math.max(keyLimit - keyUsed, 0) }] : []),
    ...(tenantLimit ? [{ limit: tenantLimit, remaining: Math.max(tenantLimit - tenantUsed, 0) }] : []),
  ];
  return options.sort((a, b) => a.remaining - b.remaining)[0];
}

export function rateState(limits: Limits, used: number[], now: number): RateState {
  return {
    requests: binding(limits.keyRpm, used[0], limits.tenantRpm, used[2]),
    tokens: binding(limits.keyTpm, used[1], limits.tenantTpm, used[3]),
    resetMs: WINDOW_MS - (now % WINDOW_MS),
  };
}

/** OpenAI's rate-limit headers; only for limits that are set. */
export function rateHeaders(state: RateState): Record<string, string> {
  const reset = `${Math.max(1, Math.ceil(state.resetMs / 1000))}s`;
  const h: Record<string, string> = {};
  if (state.requests) {
    h['x-ratelimit-limit-requests'] = String(state.requests.limit);
    h['x-ratelimit-remaining-requests'] = String(state.requests.remaining);
    h['x-ratelimit-reset-requests'] = reset;
  }
  if (state.tokens) {
    h['x-ratelimit-limit-tokens'] = String(state.tokens.limit);
    h['x-ratelimit-remaining-tokens'] = String(state.tokens.remaining);
    h['x-ratelimit-reset-tokens'] = reset;
  }
  return h;
}

export function windowKeys(tenantId: string, keyId: string, now: number): string[] {
  const w = Math.floor(now / WINDOW_MS);
  const tag = `{c:${tenantId}}`;
  return [`${tag}:rl:k:${keyId}:r:${w}`, `${tag}:rl:k:${keyId}:t:${w}`, `${tag}:rl:t:r:${w}`, `${tag}:rl:t:t:${w}`];
}
