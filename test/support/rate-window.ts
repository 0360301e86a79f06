/** Rate limits count in clock-minute windows (apps/gateway/src/edge/rate-limits.ts). */
const WINDOW_MS = 60_000;

/**
 * Waits until at least `needMs` remain in the current minute window, so that a burst lands in one
 * window. A wait for the clock's window boundary, not for a condition: nothing else says when a
 * window ends.
 */
export async function roomInWindow(needMs: number): Promise<void> {
  const left = WINDOW_MS - (Date.now() % WINDOW_MS);
  if (left < needMs) await new Promise((r) => setTimeout(r, left + 50));
}
