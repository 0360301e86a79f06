import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Principal, revokedKey } from '@tollgate/contracts';
import { CreditStore, hashSlot, ScriptAudit } from '@tollgate/credit';
import { GatewayEnv } from '../config';
import { BudgetAlerts } from './budget-alerts';
import { BudgetClock } from './budget-clock';
import { BudgetSettler } from './budget-settler';
import { EdgeGate } from './edge-gate.service';
import { roomInWindow } from '../../../../test/support/rate-window';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('the admission script (EDGE_SCRIPT) against real Redis', () => {
  const prefix = `edge-script-${randomUUID().slice(0, 8)}:`;
  const redis = new Redis(REDIS_URL, { keyPrefix: prefix });
  const config = GatewayEnv.parse({ ADMIN_TOKEN: randomUUID(), CATALOG_SECRET: randomUUID() });
  const clock = new BudgetClock();
  const alerts = { raise: () => undefined, exhausted: () => undefined } as unknown as BudgetAlerts;
  const gate = new EdgeGate(config, redis, clock, new BudgetSettler(redis, clock, alerts), alerts);
  const credit = new CreditStore(redis);
  const principal = (tenantId: string, limits: Partial<Principal['limits']> = {}): Principal => ({
    tenantId,
    keyId: randomUUID(),
    label: 'k',
    scopes: [],
    models: [],
    expiresAt: null,
    limits: { keyRpm: null, keyTpm: null, tenantRpm: null, tenantTpm: null, ...limits },
    budgets: { key: { micros: 5_000, period: 'day', alertPercent: 50 }, tenant: { micros: 9_000, period: 'month', alertPercent: null }, timeZone: 'UTC' },
  });

  afterAll(async () => {
    const plain = new Redis(REDIS_URL);
    const keys = await plain.keys(`${prefix}*`);
    if (keys.length) await plain.del(...keys);
    plain.disconnect();
    redis.disconnect();
  });

  it('touches only the keys it declares, all on the tenant slot, on every outcome', async () => {
    const tenant = randomUUID();
    await credit.book(tenant, 10_000, 1);
    const p = principal(tenant, { keyRpm: 3, keyTpm: 1_000, tenantRpm: 100, tenantTpm: 10_000 });
    const audit = await ScriptAudit.start(REDIS_URL, redis);
    await roomInWindow(5_000); // the rpm refusal below needs all four calls in one minute window
    try {
      await gate.admit(p, 'ok-1', { holdMicros: 3_000, tokens: 10 }); // admitted: windows, budgets, hold
      await expect(gate.admit(p, 'budget', { holdMicros: 3_000, tokens: 10 })).rejects.toMatchObject({ code: 'budget_exceeded' });
      await gate.admit(p, 'ok-2', { holdMicros: 0, tokens: 10 });
      await expect(gate.admit(p, 'limited', { holdMicros: 0, tokens: 10 })).resolves.toBeDefined();
      await expect(gate.admit(p, 'rpm', { holdMicros: 0, tokens: 10 })).rejects.toMatchObject({ code: 'rate_limited' });
      await redis.set(revokedKey(tenant, p.keyId), 0);
      await expect(gate.admit(p, 'revoked', { holdMicros: 100, tokens: 10 })).rejects.toMatchObject({ code: 'invalid_api_key' });
      const runs = (await audit.runs()).filter((r) => r.commands.length);
      expect(runs).toHaveLength(6);
      const touched = runs.flatMap((r) => r.touched);
      for (const part of [':rl:k:', ':rl:t:', ':bud:k:', ':bud:t:', ':bud:hold:ok-1', ':holds', ':revoked:'])
        expect(touched.some((k) => k.includes(part))).toBe(true);
      for (const run of runs) {
        expect(run.touched.filter((key) => !run.declared.includes(key))).toEqual([]);
        expect(new Set(run.declared.map(hashSlot))).toEqual(new Set([hashSlot(`{c:${tenant}}`)]));
      }
    } finally {
      await audit.stop();
    }
  });

  it("counts a request in minute windows that expire a second after their minute, and keeps the hold's meta only until settle", async () => {
    const tenant = randomUUID();
    await credit.book(tenant, 10_000, 1);
    const p = { ...principal(tenant, { keyRpm: 10, keyTpm: 1_000, tenantRpm: 10, tenantTpm: 1_000 }), budgets: undefined } as Principal;
    await gate.admit(p, 'r1', {
      holdMicros: 100,
      tokens: 5,
      meta: { keyId: p.keyId, keyLabel: null, model: 'm', startedAt: 1, promptTokens: 5, lostMicros: 50 },
    });
    const windows = await redis.keys(`${prefix}{c:${tenant}}:rl:*`); // KEYS patterns are not prefixed by ioredis
    expect(windows).toHaveLength(4);
    for (const key of windows) {
      const ttl = await redis.pttl(key.slice(prefix.length));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(61_000);
    }
    expect((await credit.holdMeta(tenant, ['r1'])).size).toBe(1);
    await credit.settle(tenant, 'r1', 80);
    expect((await credit.holdMeta(tenant, ['r1'])).size).toBe(0);
  });

  it('200 concurrent admissions against a balance worth 50 admit exactly 50', async () => {
    const tenant = randomUUID();
    await credit.book(tenant, 50, 1);
    const p = { ...principal(tenant), budgets: undefined } as Principal;
    const outcomes = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => gate.admit(p, `r${i}`, { holdMicros: 1, tokens: 0 })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(50);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.code)).toEqual(
      Array(150).fill('insufficient_credits'),
    );
    expect(await credit.available(tenant)).toEqual({ balance: 50, held: 50, unbooked: 0, available: 0 });
  });
});
