/** Retry timing of webhook deliveries: a schedule of waits, bounded by a window after the alert. */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `5s,5m,2h` (or bare milliseconds) as milliseconds; throws on anything else. */
export function parseSchedule(text: string): number[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) throw new Error('must list at least one wait, e.g. 5s,5m,30m');
  return parts.map((p) => {
    const m = /^(\d+)(ms|s|m|h)?$/.exec(p);
    if (!m) throw new Error(`'${p}' is not a wait (a number with ms, s, m or h)`);
    return Number(m[1]) * UNIT_MS[m[2] ?? 'ms'];
  });
}

export interface RetryPolicy {
  /** Waits after the 1st, 2nd, ... failed attempt. */
  schedule: readonly number[];
  /** No attempt later than this long after the delivery was created. */
  windowMs: number;
}

/**
 * When to try again after `attempts` failed attempts, or null when the delivery has failed for good:
 * the schedule is used up, or the window after `createdAt` has passed. A wait that would end past
 * the window is cut to end at it (one last attempt at the deadline).
 */
export function nextAttemptAt(attempts: number, createdAt: Date, now: Date, policy: RetryPolicy): Date | null {
  const wait = policy.schedule[attempts - 1];
  if (wait === undefined) return null;
  const deadline = createdAt.getTime() + policy.windowMs;
  if (now.getTime() >= deadline) return null;
  return new Date(Math.min(now.getTime() + wait, deadline));
}
