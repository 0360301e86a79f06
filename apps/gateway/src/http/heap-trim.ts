export interface Activity {
  /** Requests started so far. */
  started: number;
  inFlight: number;
}

/** Memory a quiet gateway may hold above what it held once started before a trim is worth it. */
const GROWTH = 1.1;

/**
 * Gives the memory a burst of traffic took back to the system once the gateway is quiet again.
 * V8 keeps the heap it grew under load committed (RSS stays up for good) unless a full
 * collection runs, and a quiet process allocates too little to trigger one. So every `everyMs`:
 * if requests came since the last trim but none started since the last look, none is in flight,
 * and RSS is more than 10 % above what the last collection left, one full collection runs (tens
 * of milliseconds, with nothing waiting; at most once per quiet spell). The first quiet look after
 * start collects in any case: start-up's garbage (module loading, Nest's scan, the OpenAPI
 * documents) is a quiet gateway's largest (~15 MB measured).
 */
export function startHeapTrim(activity: () => Activity, everyMs: number, gc = exposedGc(), rss = process.memoryUsage.rss): () => void {
  if (everyMs <= 0 || !gc) return () => undefined;
  /** RSS once the last collection ran; null until start-up's garbage was collected. */
  let baseline: number | null = null;
  let seen = activity().started;
  let trimmed = seen;
  const timer = setInterval(() => {
    const now = activity();
    const quiet = now.started === seen && now.inFlight === 0;
    if (quiet && (baseline === null || (now.started !== trimmed && rss() > baseline * GROWTH))) {
      gc();
      trimmed = now.started;
      // What a collection cannot give back is the new normal (caches, fragmentation): no
      // collection after every health probe for it.
      baseline = Math.max(baseline ?? 0, rss());
    }
    seen = now.started;
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * V8's full, memory-reducing collection, when the process was started with `--expose-gc` (the
 * gateway's command lines: scripts/start, Dockerfile, k8s, bench, test children); without it, no trim.
 */
export function exposedGc(): (() => void) | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  return typeof gc === 'function' ? () => gc() : undefined;
}
