/**
 * Polls `attempt` (every `intervalMs`) until `done` holds for its result, then returns that result; after
 * `timeoutMs` returns the last result anyway, so the test's own assertion reports what was seen. No fixed sleeps.
 */
export async function eventually<T>(attempt: () => Promise<T>, done: (r: T) => boolean, timeoutMs = 15_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await attempt();
    if (done(r) || Date.now() > deadline) return r;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
