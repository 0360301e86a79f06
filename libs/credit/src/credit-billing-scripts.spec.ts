import { CreditStore } from './credit-store';
import { encodeHoldMeta, HoldMeta } from './hold-meta';
import { ScratchCredit } from './test-redis';

const meta = (lostMicros: number): HoldMeta => ({
  keyId: 'key-1',
  keyLabel: null,
  model: 'claude',
  startedAt: 1_700_000_000_000,
  promptTokens: 40,
  lostMicros,
});

describe('credit scripts billing runs, against the real Redis', () => {
  let s: ScratchCredit;
  beforeEach(() => {
    s = new ScratchCredit();
  });
  afterEach(() => s.cleanup());

  describe('book', () => {
    it('moves the balance only forward: a commit older than the one Redis has changes nothing', async () => {
      await s.store.book(s.tenant, 1_000, 2);
      await s.store.book(s.tenant, 5, 1);
      await s.store.book(s.tenant, 999, 2);
      expect(await s.store.available(s.tenant)).toMatchObject({ balance: 1_000 });
      expect(await s.redis.get(s.keys.seq)).toBe('2');
      await s.store.book(s.tenant, 700, 3);
      expect(await s.store.available(s.tenant)).toMatchObject({ balance: 700, available: 700 });
      expect(await s.redis.get(s.keys.seq)).toBe('3');
    });

    it('forgets the unbooked costs of the calls it booked, once, and leaves the others reserved', async () => {
      await s.store.book(s.tenant, 1_000, 1);
      await s.hold('r1', 300);
      await s.hold('r2', 300);
      await s.store.settleMany(s.tenant, [
        { requestId: 'r1', costMicros: 100 },
        { requestId: 'r2', costMicros: 200 },
      ]);
      await s.store.book(s.tenant, 900, 2, ['r1', 'unknown']);
      expect(await s.store.available(s.tenant)).toEqual({ balance: 900, held: 0, unbooked: 200, available: 700 });
      await s.store.book(s.tenant, 900, 2, 'r1'); // redelivered: nothing more is forgotten
      expect(await s.store.available(s.tenant)).toMatchObject({ unbooked: 200 });
      expect(await s.store.staleUnbooked(s.tenant, 0, 10)).toEqual(['r2']);
    });

    it('forgets a whole round of calls, thousands of ids in one commit, to the micro-unit', async () => {
      await s.store.book(s.tenant, 10_000_000, 1);
      const calls = Array.from({ length: 1_234 }, (_, i) => ({ requestId: `round-${i}`, costMicros: 1 + (i % 7) }));
      for (const c of calls) await s.hold(c.requestId, 50);
      await s.hold('later', 50);
      await s.store.settleMany(s.tenant, [...calls, { requestId: 'later', costMicros: 40 }]);
      const owed = calls.reduce((sum, c) => sum + c.costMicros, 0);
      expect(await s.store.available(s.tenant)).toMatchObject({ held: 0, unbooked: owed + 40 });
      await s.store.book(s.tenant, 10_000_000 - owed, 2, [...calls.map((c) => c.requestId), 'never-settled']);
      expect(await s.store.available(s.tenant)).toEqual({ balance: 10_000_000 - owed, held: 0, unbooked: 40, available: 10_000_000 - owed - 40 });
      expect(await s.redis.hkeys(s.keys.unbh)).toEqual(['later']);
      expect(await s.store.staleUnbooked(s.tenant, 0, 2_000)).toEqual(['later']);
    });

    it('drops the hold meta a lost call kept until it was booked', async () => {
      await s.store.book(s.tenant, 1_000, 1);
      await s.hold('r1', 600, -1_000, encodeHoldMeta(meta(250)));
      await s.store.expireHolds(s.tenant, 10);
      expect((await s.store.holdMeta(s.tenant, ['r1'])).size).toBe(1);
      await s.store.book(s.tenant, 750, 2, ['r1']);
      expect((await s.store.holdMeta(s.tenant, ['r1'])).size).toBe(0);
      expect(await s.redis.hlen(s.keys.unbh)).toBe(0);
      expect(await s.redis.zcard(s.keys.usince)).toBe(0);
      expect(await s.store.available(s.tenant)).toEqual({ balance: 750, held: 0, unbooked: 0, available: 750 });
    });

    it('forget() drops unbooked costs without touching the balance', async () => {
      await s.store.book(s.tenant, 1_000, 4);
      await s.hold('r1', 300);
      await s.store.settle(s.tenant, 'r1', 120);
      await s.store.forget(s.tenant, ['r1']);
      expect(await s.store.available(s.tenant)).toEqual({ balance: 1_000, held: 0, unbooked: 0, available: 1_000 });
      expect(await s.redis.get(s.keys.seq)).toBe('4');
    });
  });

  describe('expire', () => {
    it('converts only holds past their expiry into unbooked costs with their meta; available credit stays reserved', async () => {
      await s.store.book(s.tenant, 1_000, 1);
      await s.hold('dead', 400, -1_000, encodeHoldMeta(meta(90)));
      await s.hold('live', 300, 60_000, encodeHoldMeta(meta(80)));
      await s.hold('dead-no-meta', 100, -1_000);
      const lost = await s.store.expireHolds(s.tenant, 10);
      expect(lost.sort((a, b) => a.requestId.localeCompare(b.requestId))).toEqual([
        { requestId: 'dead', holdMicros: 400, meta: meta(90) },
        { requestId: 'dead-no-meta', holdMicros: 100, meta: null },
      ]);
      expect(await s.store.available(s.tenant)).toEqual({ balance: 1_000, held: 300, unbooked: 500, available: 200 });
      expect(await s.store.openHolds(s.tenant)).toBe(1);
      expect((await s.store.staleUnbooked(s.tenant, 0, 10)).sort()).toEqual(['dead', 'dead-no-meta']);
      expect(await s.store.expireHolds(s.tenant, 10)).toEqual([]); // converted once
    });

    it('converts at most `max` per run', async () => {
      await s.store.book(s.tenant, 1_000, 1);
      for (const id of ['a', 'b', 'c']) await s.hold(id, 10, -1_000);
      expect(await s.store.expireHolds(s.tenant, 2)).toHaveLength(2);
      expect(await s.store.expireHolds(s.tenant, 2)).toHaveLength(1);
      expect(await s.store.available(s.tenant)).toMatchObject({ held: 0, unbooked: 30 });
    });

    it('is atomic: billing replicas expiring at once convert each hold exactly once', async () => {
      await s.store.book(s.tenant, 10_000, 1);
      for (let i = 0; i < 60; i++) await s.hold(`r${i}`, i + 1, -1_000);
      const replicas = Array.from({ length: 6 }, () => s.connection());
      try {
        const runs = await Promise.all(replicas.map((r) => new CreditStore(r).expireHolds(s.tenant, 15)));
        const ids = runs.flat().map((l) => l.requestId);
        expect(ids).toHaveLength(60);
        expect(new Set(ids).size).toBe(60);
        expect(await s.store.available(s.tenant)).toEqual({ balance: 10_000, held: 0, unbooked: 1_830, available: 8_170 });
      } finally {
        replicas.forEach((r) => r.disconnect());
      }
    });
  });

  describe("a call's trail", () => {
    const perRequest = (s: ScratchCredit) => [s.keys.holds, s.keys.hexp, s.keys.hmeta, s.keys.unbh, s.keys.usince];

    it('is gone once its call is booked, whether it settled or its gateway died; no credit key needs a TTL', async () => {
      await s.store.book(s.tenant, 1_000, 1);
      await s.hold('served', 300, 60_000, encodeHoldMeta(meta(10)));
      await s.hold('lost', 200, -1_000, encodeHoldMeta(meta(20)));
      await s.store.settle(s.tenant, 'served', 120);
      await s.store.expireHolds(s.tenant, 10);
      expect(await s.redis.exists(...perRequest(s))).toBeGreaterThan(0);
      await s.store.book(s.tenant, 680, 2, ['served', 'lost']);
      expect(await s.redis.exists(...perRequest(s))).toBe(0);
      expect(await s.store.available(s.tenant)).toEqual({ balance: 680, held: 0, unbooked: 0, available: 680 });
      for (const key of Object.values(s.keys)) expect(await s.redis.pttl(key)).toBeLessThan(0);
    });
  });

  describe('available()', () => {
    it('is balance − open holds − unbooked costs, and zero for a tenant Redis has never seen', async () => {
      expect(await s.store.available(s.tenant)).toEqual({ balance: 0, held: 0, unbooked: 0, available: 0 });
      await s.store.book(s.tenant, 1_000, 1);
      await s.hold('r1', 300);
      await s.hold('r2', 200);
      await s.store.settle(s.tenant, 'r2', 150);
      expect(await s.store.available(s.tenant)).toEqual({ balance: 1_000, held: 300, unbooked: 150, available: 550 });
    });
  });
});
