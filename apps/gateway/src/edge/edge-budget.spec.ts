import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { AlertRaised, Budget, Principal } from '@tollgate/contracts';
import { CreditStore, keyBudgetKeys, periodBounds, tenantBudgetKeys } from '@tollgate/credit';
import type { Bus } from '@tollgate/messaging';
import { GatewayEnv } from '../config';
import { BudgetAlerts } from './budget-alerts';
import { BudgetClock } from './budget-clock';
import { BudgetSettler } from './budget-settler';
import { EdgeGate } from './edge-gate.service';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Redis Cluster's slot of a key: CRC16/XMODEM of its hash tag (or of the whole key) mod 16384. */
function slotOf(key: string): number {
  const open = key.indexOf('{');
  const close = open >= 0 ? key.indexOf('}', open + 1) : -1;
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  let crc = 0;
  for (const byte of Buffer.from(hashed)) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}

describe('budgets in the admission and settle scripts, against real Redis', () => {
  const prefix = `budget-${randomUUID().slice(0, 8)}:`;
  const redis = new Redis(REDIS_URL, { keyPrefix: prefix });
  const config = GatewayEnv.parse({ ADMIN_TOKEN: randomUUID(), CATALOG_SECRET: randomUUID() });
  const clock = new BudgetClock();
  const published: AlertRaised[] = [];
  const bus = {
    prefix: '',
    streamReplicas: 1,
    nc: { jetstreamManager: async () => ({ streams: { info: async () => ({}), update: async () => ({}) } }) },
    publishDurable: async (_name: string, alert: AlertRaised) => {
      published.push(alert);
    },
  } as unknown as Bus;
  const alerts = new BudgetAlerts(bus, clock);
  const settler = new BudgetSettler(redis, clock, alerts);
  const gate = new EdgeGate(config, redis, clock, settler, alerts);
  const credit = new CreditStore(redis);
  /** Every key list each script run was given, to check they share one slot. */
  const scriptKeys: string[][] = [];
  const spy = redis as unknown as Record<string, (...a: (string | number)[]) => Promise<unknown>>;
  const edge = spy.tgEdge.bind(redis);
  spy.tgEdge = (...a) => (scriptKeys.push(a.slice(0, 21).map(String)), edge(...a));
  const settle = spy.tgBudgetSettle.bind(redis);
  spy.tgBudgetSettle = (...a) => (scriptKeys.push(a.slice(1, 1 + Number(a[0])).map(String)), settle(...a));

  const budget = (micros: number, period: Budget['period'] = 'day', alertPercent: number | null = null): Budget => ({ micros, period, alertPercent });
  const principal = (tenantId: string, budgets: Principal['budgets'], keyId = randomUUID()): Principal => ({
    tenantId,
    keyId,
    label: 'k',
    scopes: [],
    models: [],
    expiresAt: null,
    limits: { keyRpm: null, keyTpm: null, tenantRpm: null, tenantTpm: null },
    budgets,
  });
  const tenantWithCredit = async () => {
    const tenant = randomUUID();
    await credit.book(tenant, 1_000_000_000, 1);
    return tenant;
  };
  const spent = async (key: string) => Number((await redis.get(key)) ?? 0);
  const admit = (p: Principal, id: string, hold: number) => gate.admit(p, id, { holdMicros: hold, tokens: 0 });
  const done = async (id: string, cost: number) => {
    settler.settle(id, cost);
    await settler.flush();
  };

  beforeEach(() => {
    clock.reset();
    published.length = 0;
  });

  afterAll(async () => {
    await settler.onApplicationShutdown();
    const plain = new Redis(REDIS_URL);
    const keys = await plain.keys(`${prefix}*`);
    if (keys.length) await plain.del(...keys);
    plain.disconnect();
    redis.disconnect();
  });

  it("refuses the call whose hold would pass the key's budget, naming the budget and its reset in the tenant's zone", async () => {
    const tenant = await tenantWithCredit();
    clock.set(Date.parse('2026-11-26T10:00:00Z'));
    const p = principal(tenant, { key: budget(5_000_000), tenant: null, timeZone: 'Asia/Tokyo' });
    for (let i = 0; i < 5; i++) await admit(p, `r${i}`, 1_000_000);
    await expect(admit(p, 'r5', 1)).rejects.toMatchObject({
      code: 'budget_exceeded',
      message: "This API key's daily budget of $5.000000 is used up; it resets at 2026-11-27T00:00:00+09:00.",
    });
    const counter = keyBudgetKeys(tenant, p.keyId, { period: 'day', start: Date.parse('2026-11-25T15:00:00Z') }).spent;
    expect(await spent(counter)).toBe(5_000_000);
    expect((await credit.available(tenant)).held).toBe(5_000_000); // the refused call placed no credit hold
  });

  it('settle moves the counter to the real cost, a release gives the hold back, and a repeat counts nothing twice', async () => {
    const tenant = await tenantWithCredit();
    const p = principal(tenant, { key: budget(10_000), tenant: budget(50_000, 'month'), timeZone: 'UTC' });
    const now = clock.now();
    const keyCounter = keyBudgetKeys(tenant, p.keyId, { period: 'day', start: periodBounds('day', 'UTC', now).start }).spent;
    const tenantCounter = tenantBudgetKeys(tenant, { period: 'month', start: periodBounds('month', 'UTC', now).start }).spent;
    await admit(p, 'a', 4_000);
    await admit(p, 'b', 4_000);
    expect([await spent(keyCounter), await spent(tenantCounter)]).toEqual([8_000, 8_000]);
    await done('a', 1_500);
    await done('b', 0);
    expect([await spent(keyCounter), await spent(tenantCounter)]).toEqual([1_500, 1_500]);
    settler.held('a', (await import('./budget-plan')).budgetPlan(p, now)!);
    await done('a', 1_500); // its Redis hold is gone: nothing moves
    expect(await spent(keyCounter)).toBe(1_500);
  });

  it("a tenant budget binds all of the tenant's keys together, and its refusal names the organization", async () => {
    const tenant = await tenantWithCredit();
    const shared = { key: null, tenant: budget(3_000, 'lifetime'), timeZone: 'UTC' };
    const [one, two] = [principal(tenant, shared), principal(tenant, shared)];
    await admit(one, 'x1', 1_000);
    await admit(two, 'x2', 1_000);
    await admit(one, 'x3', 1_000);
    await expect(admit(two, 'x4', 1_000)).rejects.toMatchObject({ message: "This organization's lifetime budget of $0.003000 is used up; it does not reset." });
    await done('x1', 0);
    await admit(two, 'x4', 1_000);
  });

  it('100 concurrent admissions against a budget worth 20 holds admit exactly 20', async () => {
    const tenant = await tenantWithCredit();
    const p = principal(tenant, { key: budget(20_000), tenant: null, timeZone: 'UTC' });
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => admit(p, `c${i}`, 1_000)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'budget_exceeded')).toBe(true);
  });

  it('the period turns at local midnight in Tokyo', async () => {
    const tenant = await tenantWithCredit();
    const p = principal(tenant, { key: budget(1_000), tenant: null, timeZone: 'Asia/Tokyo' });
    clock.set(Date.parse('2026-11-26T23:59:58+09:00'));
    await admit(p, 'd1', 1_000);
    await expect(admit(p, 'd2', 1_000)).rejects.toMatchObject({ code: 'budget_exceeded' });
    clock.set(Date.parse('2026-11-27T00:00:00+09:00'));
    await admit(p, 'd3', 1_000);
    await expect(admit(p, 'd4', 1_000)).rejects.toMatchObject({ message: expect.stringContaining('resets at 2026-11-28T00:00:00+09:00') });
  });

  it('the soft threshold and the exhaustion each raise one alert per period, however many calls cross them', async () => {
    const tenant = await tenantWithCredit();
    clock.set(Date.parse('2026-11-26T12:00:00Z'));
    const p = principal(tenant, { key: budget(10_000, 'day', 50), tenant: null, timeZone: 'UTC' });
    for (let i = 0; i < 10; i++) await admit(p, `t${i}`, 1_000);
    for (let i = 0; i < 5; i++) await expect(admit(p, `u${i}`, 1_000)).rejects.toMatchObject({ code: 'budget_exceeded' });
    await new Promise((r) => setImmediate(r));
    const types = published.map((a) => a.type).sort();
    expect(types).toEqual(['budget.exceeded', 'budget.threshold']);
    expect(published.find((a) => a.type === 'budget.threshold')).toEqual({
      tenantId: tenant,
      type: 'budget.threshold',
      occurredAt: expect.stringMatching(/^2026-11-26T12:00/),
      dedupeKey: `budget.threshold:key:${p.keyId}:day:${Date.parse('2026-11-26T00:00:00Z')}`,
      data: {
        scope: 'key',
        keyId: p.keyId,
        budgetMicros: 10_000,
        spentMicros: 5_000,
        period: 'day',
        periodStart: '2026-11-26T00:00:00+00:00',
        periodEnd: '2026-11-27T00:00:00+00:00',
        percent: 50,
      },
    });
  });

  it('a call without a hold is neither checked against nor counted in budgets', async () => {
    const tenant = await tenantWithCredit();
    const p = principal(tenant, { key: budget(1_000), tenant: null, timeZone: 'UTC' });
    await admit(p, 'h1', 1_000);
    await admit(p, 'free', 0);
  });

  it("every script run's keys hash to one Redis Cluster slot", () => {
    expect(scriptKeys.length).toBeGreaterThan(10);
    for (const keys of scriptKeys) expect(new Set(keys.map(slotOf)).size).toBe(1);
    expect(scriptKeys.some((keys) => keys.length > 21)).toBe(false);
  });
});
