import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { keyBudgetKeys, budgetHoldKey, budgetScopeKeyList, tenantBudgetKeys } from './budget-keys';
import { BUDGET_SETTLE_SCRIPT } from './budget-lua';
import { hashSlot, ScriptAudit, ScriptRun } from './script-audit';
import { ScratchCredit, REDIS_URL } from './test-redis';

/** Every run touched only keys it declared, all on one cluster slot. */
function expectDeclaredOneSlot(runs: ScriptRun[]): void {
  for (const run of runs) {
    expect(run.touched.filter((key) => !run.declared.includes(key))).toEqual([]);
    expect(new Set(run.declared.map(hashSlot)).size).toBe(1);
  }
}

describe('hashSlot (Redis Cluster spec)', () => {
  it.each([
    ['123456789', 0x31c3], // the spec's CRC16 check value
    ['foo', 12182], // CLUSTER KEYSLOT examples from the Redis docs
    ['somekey', 11058],
    ['hello', 866],
    ['{user1000}.following', hashSlot('user1000')],
    ['foo{}{bar}', hashSlot('foo{}{bar}')], // empty tag: the whole key
    ['foo{{bar}}zap', hashSlot('{bar')],
    ['foo{bar}{zap}', hashSlot('bar')],
  ])('%s → %d', (key, slot) => expect(hashSlot(key)).toBe(slot));

  it('differs between two tenants (so the check above can fail)', () => {
    expect(hashSlot('{c:tenant-a}:bal')).not.toBe(hashSlot('{c:tenant-b}:bal'));
  });
});

describe('every credit script touches only the keys it declares, on one cluster slot (MONITOR)', () => {
  let s: ScratchCredit;
  let audit: ScriptAudit;
  beforeEach(async () => {
    s = new ScratchCredit();
    audit = await ScriptAudit.start(REDIS_URL, s.redis);
  });
  afterEach(async () => {
    await audit.stop();
    await s.cleanup();
  });

  it('hold, keep-alive, settle, expire and book', async () => {
    await s.store.book(s.tenant, 1_000, 1);
    await s.hold('r1', 100);
    await s.hold('r2', 100, -1_000, '["k",null,"m",1,1,1]');
    await s.store.keepAlive(s.tenant, 60_000, ['r1']);
    await s.store.settle(s.tenant, 'r1', 40);
    await s.store.expireHolds(s.tenant, 10);
    await s.store.book(s.tenant, 900, 2, ['r1', 'r2']);
    const runs = (await audit.runs()).filter((r) => r.commands.length);
    const verbs = runs.flatMap((r) => r.commands.map((c) => c[0].toUpperCase()));
    expect(verbs).toEqual(expect.arrayContaining(['SET', 'HSET', 'ZADD', 'HMGET', 'HDEL', 'ZRANGEBYSCORE', 'DECRBY']));
    expect(runs.length).toBeGreaterThanOrEqual(7);
    expectDeclaredOneSlot(runs);
  });

  it('the budget settle, for several calls of one tenant', async () => {
    const period = { period: 'day' as const, start: 1_700_000_000_000 };
    const scopes = budgetScopeKeyList(keyBudgetKeys(s.tenant, 'key-1', period), tenantBudgetKeys(s.tenant, period));
    const keys = ['c1', 'c2'].flatMap((id) => [budgetHoldKey(s.tenant, id), ...scopes]);
    await s.redis.set(budgetHoldKey(s.tenant, 'c1'), 500);
    await s.redis.set(budgetHoldKey(s.tenant, 'c2'), 500);
    const args = [100, 1_000, 800, 60_000, 5_000, 0, 60_000];
    await s.redis.eval(BUDGET_SETTLE_SCRIPT, keys.length, ...keys, ...args, ...args);
    const runs = await audit.runs();
    expect(runs.flatMap((r) => r.touched)).toEqual(expect.arrayContaining([expect.stringContaining(':bud:k:key-1:day:')]));
    expectDeclaredOneSlot(runs);
  });

  it('catches a script that computes a key it was not given (the check can fail)', async () => {
    const undeclared = "redis.call('SET', KEYS[1] .. ':booked:' .. ARGV[1], 1) return 1";
    await s.redis.eval(undeclared, 1, s.keys.bal, 'r1');
    const [run] = await audit.runs();
    expect(run.touched.filter((key) => !run.declared.includes(key))).toEqual([`${s.prefix}${s.keys.bal}:booked:r1`]);
  });

  it('sees only its own client: another connection running scripts at the same time is not attributed', async () => {
    const other = new Redis(REDIS_URL);
    try {
      await Promise.all([other.eval("return redis.call('GET', KEYS[1])", 1, `credit-test-other-${randomUUID()}`), s.hold('r1', 0)]);
      const runs = await audit.runs();
      expect(runs).toHaveLength(1);
      expect(runs[0].touched.every((key) => key.startsWith(s.prefix))).toBe(true);
    } finally {
      other.disconnect();
    }
  });
});
