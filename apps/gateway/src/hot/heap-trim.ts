import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface Activity {
  /** Requests started so far. */
  started: number;
  inFlight: number;
}

/**
 * Gives the memory a burst of traffic took back to the system once the gateway is idle again.
 * V8 keeps the heap it grew under load committed (RSS stays up for good) unless a full
 * collection runs, and an idle process allocates nothing that would trigger one. So every
 * `everyMs`, if requests were served since the last look but none started since and none is
 * in flight, one full collection runs (tens of milliseconds, only when nothing is waiting).
 */
export function startHeapTrim(activity: () => Activity, everyMs: number): () => void {
  if (everyMs <= 0) return () => undefined;
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let seen = activity().started;
  let trimmed = seen;
  const timer = setInterval(() => {
    const now = activity();
    if (now.started === seen && now.inFlight === 0 && now.started !== trimmed) {
      gc();
      trimmed = now.started;
    }
    seen = now.started;
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
