import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Principal } from '@tollgate/contracts';
import { CreditStore, creditKeys } from '@tollgate/credit';
import { GatewayEnv } from '../config';
import { GatewayError } from '../errors/gateway.error';
import { BudgetAlerts } from './budget-alerts';
import { BudgetClock } from './budget-clock';
import { BudgetSettler } from './budget-settler';
import { EdgeGate } from './edge-gate.service';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('EdgeGate against real Redis: holds, settlement, expiry', () => {
  const prefix = `edge-${randomUUID().slice(0, 8)}:`;
  const redis = new Redis(REDIS_URL, { keyPrefix: prefix, enableAutoPipelining: true });
  const config = GatewayEnv.parse({ ADMIN_TOKEN: randomUUID(), CATALOG_SECRET: randomUUID(), HOLD_TTL_MS: '1500' });
  const clock = new BudgetClock();
  const alerts = { raise: () => undefined, exhausted: () => undefined } as unknown as BudgetAlerts;
  const gate = new EdgeGate(config, redis, clock, new BudgetSettler(redis, clock, alerts), alerts);
  const credit = new CreditStore(redis);
  const principal = (tenantId: string): Principal => ({
    tenantId,
    keyId: randomUUID(),
    label: 'k',
    scopes: [],
    models: [],
    expiresAt: null,
    limits: { keyRpm: null, keyTpm: null, tenantRpm: null, tenantTpm: null },
  });

  afterAll(async () => {
    const plain = new Redis(REDIS_URL);
    const keys = await plain.keys(`${prefix}*`);
    if (keys.length) await plain.del(...keys);
    plain.disconnect();
    redis.disconnect();
  });

  it('admits holds while the balance covers them, then refuses with the credit error', async () => {
    const tenant = randomUUID();
    await credit.book(tenant, 1_000, 1);
    const p = principal(tenant);
    await gate.admit(p, 'r1', { holdMicros: 600, tokens: 0 });
    await expect(gate.admit(p, 'r2', { holdMicros: 600, tokens: 0 })).rejects.toMatchObject({ code: 'insufficient_credits' });
    expect(await credit.available(tenant)).toMatchObject({ balance: 1_000, held: 600, available: 400 });
  });

  it('settling turns a hold into its real cost until billing books it', async () => {
    const tenant = randomUUID();
    await credit.book(tenant, 1_000, 1);
    await gate.admit(principal(tenant), 'r1', { holdMicros: 600, tokens: 0 });
    await credit.settle(tenant, 'r1', 250);
    expect(await credit.available(tenant)).toMatchObject({ held: 0, unbooked: 250, available: 750 });
    await credit.book(tenant, 750, 2, 'r1');
    expect(await credit.available(tenant)).toMatchObject({ balance: 750, unbooked: 0, available: 750 });
    await credit.settle(tenant, 'r1', 250); // a late or repeated settle does not count the cost twice
    expect(await credit.available(tenant)).toMatchObject({ available: 750 });
  });

  it('settles a batch of calls at once: every hold released, every cost counted once, booked or never-held ones not again', async () => {
    const tenant = randomUUID();
    await credit.book(tenant, 10_000, 1);
    const p = principal(tenant);
    for (const id of ['a', 'b', 'c']) await gate.admit(p, id, { holdMicros: 1_000, tokens: 0 });
    await credit.settle(tenant, 'c', 300);
    await credit.book(tenant, 9_700, 2, 'c'); // billing booked c before the batch below repeats it
    expect(await credit.available(tenant)).toMatchObject({ held: 2_000, unbooked: 0, available: 7_700 });
    await credit.settleMany(tenant, [
      { requestId: 'a', costMicros: 120 },
      { requestId: 'b', costMicros: 0 },
      { requestId: 'c', costMicros: 300 },
      { requestId: 'never-held', costMicros: 5 },
    ]);
    expect(await credit.available(tenant)).toMatchObject({ balance: 9_700, held: 0, unbooked: 120, available: 9_580 });
    await credit.settleMany(tenant, [{ requestId: 'a', costMicros: 120 }]);
    expect(await credit.available(tenant)).toMatchObject({ unbooked: 120 });
  });

  it("a dead gateway's hold stays reserved until billing expires it into an unbooked charge, which booking clears", async () => {
    const tenant = randomUUID();
    await credit.book(tenant, 1_000, 1);
    const p = principal(tenant);
    const meta = { keyId: p.keyId, keyLabel: 'k', model: 'm', startedAt: Date.now(), promptTokens: 40, lostMicros: 50 };
    await gate.admit(p, 'orphan', { holdMicros: 900, tokens: 0, meta });
    await expect(gate.admit(p, 'r2', { holdMicros: 500, tokens: 0 })).rejects.toBeInstanceOf(GatewayError);
    expect(await credit.expireHolds(tenant, 10)).toEqual([]); // not expired yet: a live call's hold is untouched
    let lost: Awaited<ReturnType<CreditStore['expireHolds']>> = [];
    for (const deadline = Date.now() + 10_000; !lost.length && Date.now() < deadline;) {
      lost = await credit.expireHolds(tenant, 10);
      if (!lost.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(lost).toEqual([{ requestId: 'orphan', holdMicros: 900, meta }]);
    // Reserved as an unbooked cost until billing books the estimated charge.
    expect(await credit.available(tenant)).toMatchObject({ held: 0, unbooked: 900, available: 100 });
    await credit.book(tenant, 950, 2, ['orphan']);
    expect(await credit.available(tenant)).toMatchObject({ balance: 950, unbooked: 0, available: 950 });
    await gate.admit(p, 'r3', { holdMicros: 500, tokens: 0 });
  });

  it('keeping a hold alive moves its expiry past the TTL; a settled hold is not revived', async () => {
    const tenant = randomUUID();
    await credit.book(tenant, 1_000, 1);
    const p = principal(tenant);
    await gate.admit(p, 'long', { holdMicros: 100, tokens: 0 });
    await credit.keepAlive(tenant, 60_000, ['long', 'gone']);
    const expiry = Number(await redis.zscore(creditKeys(tenant).hexp, 'long'));
    expect(expiry).toBeGreaterThan(Date.now() + 50_000);
    expect(await redis.zscore(creditKeys(tenant).hexp, 'gone')).toBeNull();
  });

  it('an older ledger version never overwrites a newer balance', async () => {
    const tenant = randomUUID();
    await credit.book(tenant, 5_000, 7);
    await credit.book(tenant, 9_999, 6);
    expect((await credit.available(tenant)).balance).toBe(5_000);
  });
});
