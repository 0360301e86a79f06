import { Activity, exposedGc, startHeapTrim } from './heap-trim';

describe('startHeapTrim', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup(rssMb: number) {
    const state: Activity & { rss: number } = { started: 0, inFlight: 0, rss: 100 };
    const gc = jest.fn();
    const stop = startHeapTrim(
      () => state,
      1000,
      gc,
      () => state.rss * 2 ** 20,
    );
    state.rss = rssMb;
    return { state, gc, stop };
  }

  it('collects once when a burst is over and memory grew, not during it, not again while quiet', () => {
    const { state, gc, stop } = setup(150);
    state.started = 500;
    state.inFlight = 3;
    jest.advanceTimersByTime(1000); // traffic
    state.inFlight = 0;
    jest.advanceTimersByTime(1000); // quiet now
    expect(gc).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(10_000); // still quiet: no more collections
    expect(gc).toHaveBeenCalledTimes(1);
    state.rss = 200; // a new burst grew it further
    state.started = 900;
    jest.advanceTimersByTime(2000); // then quiet again
    expect(gc).toHaveBeenCalledTimes(2);
    state.started = 901; // a health probe: memory the collections could not give back is not chased
    jest.advanceTimersByTime(2000);
    expect(gc).toHaveBeenCalledTimes(2);
    stop();
  });

  it("collects start-up's garbage at the first quiet look, once", () => {
    const { state, gc, stop } = setup(100);
    state.started = 3; // the health checks of a starting pod
    jest.advanceTimersByTime(1000);
    expect(gc).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1000); // quiet
    expect(gc).toHaveBeenCalledTimes(1);
    state.started = 4;
    jest.advanceTimersByTime(5000);
    expect(gc).toHaveBeenCalledTimes(1);
    stop();
  });

  it('never collects while requests are in flight or when memory is near where the last collection left it', () => {
    const grown = setup(150);
    grown.state.started = 10;
    grown.state.inFlight = 1; // a long stream
    jest.advanceTimersByTime(5000);
    expect(grown.gc).not.toHaveBeenCalled();
    grown.stop();

    const flat = setup(100);
    jest.advanceTimersByTime(1000); // start-up's collection
    flat.state.rss = 105;
    flat.state.started = 10;
    jest.advanceTimersByTime(5000);
    expect(flat.gc).toHaveBeenCalledTimes(1);
    flat.stop();
  });

  it('uses the gc that --expose-gc puts on globalThis, and has none without it', () => {
    const holder = globalThis as { gc?: () => void };
    const saved = holder.gc;
    try {
      delete holder.gc;
      expect(exposedGc()).toBeUndefined();
      holder.gc = jest.fn();
      exposedGc()!();
      expect(holder.gc).toHaveBeenCalledTimes(1);
    } finally {
      if (saved) holder.gc = saved;
      else delete holder.gc;
    }
  });
});
