import { ScrapeReading } from './scrape-reading';

describe('ScrapeReading', () => {
  it('reuses a value for ttlMs, then reads again', async () => {
    let clock = 0;
    let reads = 0;
    const r = new ScrapeReading(
      async () => ++reads,
      { ttlMs: 1000, timeoutMs: 100 },
      () => clock,
    );
    expect(await r.get()).toBe(1);
    clock = 999;
    expect(await r.get()).toBe(1);
    clock = 1000;
    expect(await r.get()).toBe(2);
  });

  it('shares one read between concurrent scrapes', async () => {
    let reads = 0;
    let release!: (v: number) => void;
    const r = new ScrapeReading(() => (reads++, new Promise<number>((resolve) => (release = resolve))), { ttlMs: 1000, timeoutMs: 1000 });
    const both = Promise.all([r.get(), r.get()]);
    release(7);
    expect(await both).toEqual([7, 7]);
    expect(reads).toBe(1);
  });

  it('answers null when the read is slower than timeoutMs, and caches the late value', async () => {
    let release!: (v: number) => void;
    const r = new ScrapeReading(() => new Promise<number>((resolve) => (release = resolve)), { ttlMs: 60_000, timeoutMs: 10 });
    expect(await r.get()).toBeNull();
    release(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await r.get()).toBe(3);
  });

  it('answers null on a failed read and tries again on the next scrape', async () => {
    let fail = true;
    const r = new ScrapeReading(
      async () => {
        if (fail) throw new Error('nats away');
        return 5;
      },
      { ttlMs: 1000, timeoutMs: 100 },
    );
    expect(await r.get()).toBeNull();
    fail = false;
    expect(await r.get()).toBe(5);
  });
});
