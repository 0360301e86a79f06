import { encodeHoldMeta, HoldMeta } from './hold-meta';
import { ScratchCredit } from './test-redis';

const META: HoldMeta = { keyId: 'key-1', keyLabel: 'prod', model: 'gpt-4o', startedAt: 1_700_000_000_000, promptTokens: 12, lostMicros: 300 };

describe('credit scripts the gateway runs, against the real Redis', () => {
  let s: ScratchCredit;
  beforeEach(() => {
    s = new ScratchCredit();
  });
  afterEach(() => s.cleanup());

  describe('hold', () => {
    it('admits a hold the available credit covers and reserves it with its meta', async () => {
      await s.store.book(s.tenant, 1_000, 1);
      expect(await s.hold('r1', 600, 60_000, encodeHoldMeta(META))).toEqual({ ok: true, available: 400 });
      expect(await s.store.available(s.tenant)).toEqual({ balance: 1_000, held: 600, unbooked: 0, available: 400 });
      expect(await s.store.openHolds(s.tenant)).toBe(1);
      expect((await s.store.holdMeta(s.tenant, ['r1'])).get('r1')).toEqual(META);
    });

    it('refuses a hold larger than available credit and reserves nothing', async () => {
      await s.store.book(s.tenant, 1_000, 1);
      await s.hold('r1', 600);
      expect(await s.hold('r2', 401, 60_000, encodeHoldMeta(META))).toEqual({ ok: false, available: 400 });
      expect(await s.store.available(s.tenant)).toMatchObject({ held: 600, available: 400 });
      expect(await s.store.openHolds(s.tenant)).toBe(1);
      expect((await s.store.holdMeta(s.tenant, ['r2'])).size).toBe(0);
      expect(await s.hold('r3', 400)).toEqual({ ok: true, available: 0 }); // exactly what is left fits
    });

    it('counts unbooked costs against available credit', async () => {
      await s.store.book(s.tenant, 1_000, 1);
      await s.hold('r1', 600);
      await s.store.settle(s.tenant, 'r1', 900);
      expect(await s.hold('r2', 101)).toEqual({ ok: false, available: 100 });
    });

    it('200 concurrent holds against a balance worth 50 admit exactly 50 and never drive available below zero', async () => {
      await s.store.book(s.tenant, 50, 1);
      const connections = Array.from({ length: 8 }, () => s.connection());
      try {
        const results = await Promise.all(Array.from({ length: 200 }, (_, i) => s.hold(`r${i}`, 1, 60_000, '', connections[i % connections.length])));
        expect(results.filter((r) => r.ok)).toHaveLength(50);
        expect(Math.min(...results.map((r) => r.available))).toBe(0);
        expect(await s.store.available(s.tenant)).toEqual({ balance: 50, held: 50, unbooked: 0, available: 0 });
        expect(await s.store.openHolds(s.tenant)).toBe(50);
      } finally {
        connections.forEach((c) => c.disconnect());
      }
    });
  });

  describe('settle', () => {
    it('releases the hold and reserves the real cost as unbooked, dropping the hold meta', async () => {
      await s.store.book(s.tenant, 1_000, 1);
      await s.hold('r1', 600, 60_000, encodeHoldMeta(META));
      await s.store.settle(s.tenant, 'r1', 250);
      expect(await s.store.available(s.tenant)).toEqual({ balance: 1_000, held: 0, unbooked: 250, available: 750 });
      expect(await s.store.openHolds(s.tenant)).toBe(0);
      expect((await s.store.holdMeta(s.tenant, ['r1'])).size).toBe(0);
      expect(await s.redis.zscore(s.keys.hexp, 'r1')).toBeNull();
      expect(await s.store.staleUnbooked(s.tenant, 0, 10)).toEqual(['r1']);
    });

    it('a settle repeated, or of a call with no hold, counts nothing', async () => {
      await s.store.book(s.tenant, 1_000, 1);
      await s.hold('r1', 600);
      await s.store.settleMany(s.tenant, [
        { requestId: 'r1', costMicros: 250 },
        { requestId: 'never-held', costMicros: 70 },
      ]);
      await s.store.settle(s.tenant, 'r1', 250);
      expect(await s.store.available(s.tenant)).toEqual({ balance: 1_000, held: 0, unbooked: 250, available: 750 });
    });

    it('a settle after the hold expired (billing charges the lost call) counts nothing', async () => {
      await s.store.book(s.tenant, 1_000, 1);
      await s.hold('r1', 600, -1_000);
      expect(await s.store.expireHolds(s.tenant, 10)).toHaveLength(1);
      await s.store.settle(s.tenant, 'r1', 250);
      expect(await s.store.available(s.tenant)).toEqual({ balance: 1_000, held: 0, unbooked: 600, available: 400 });
    });

    it('a cost of 0 gives the whole hold back', async () => {
      await s.store.book(s.tenant, 1_000, 1);
      await s.hold('r1', 600);
      await s.store.settle(s.tenant, 'r1', 0);
      expect(await s.store.available(s.tenant)).toEqual({ balance: 1_000, held: 0, unbooked: 0, available: 1_000 });
      expect(await s.store.staleUnbooked(s.tenant, 0, 10)).toEqual([]);
    });
  });

  describe('keep-alive', () => {
    it('pushes an open hold past its expiry so billing does not treat its call as lost', async () => {
      await s.store.book(s.tenant, 1_000, 1);
      await s.hold('r1', 600, -1_000);
      await s.store.keepAlive(s.tenant, 60_000, ['r1']);
      expect(await s.store.expireHolds(s.tenant, 10)).toEqual([]);
      expect(await s.store.available(s.tenant)).toMatchObject({ held: 600, unbooked: 0 });
    });

    it('only touches holds that still exist: a settled or unknown call gets no hold back', async () => {
      await s.store.book(s.tenant, 1_000, 1);
      await s.hold('r1', 600);
      await s.store.settle(s.tenant, 'r1', 100);
      await s.store.keepAlive(s.tenant, 60_000, ['r1', 'ghost']);
      expect(await s.redis.zcard(s.keys.hexp)).toBe(0);
      expect(await s.store.available(s.tenant)).toMatchObject({ held: 0, unbooked: 100, available: 900 });
    });
  });
});
