/**
 * A background pass run every `everyMs` and on demand, one at a time: a pass asked for while
 * another runs shares it, a failed pass is reported to `onError` (whose value it returns) and
 * the next one retries, and `stop()` waits for the pass in hand before connections close.
 */
export class PeriodicJob<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T>;

  constructor(
    private readonly pass: () => Promise<T>,
    private readonly onError: (err: Error) => T,
  ) {}

  start(everyMs: number): void {
    this.timer = setInterval(() => void this.runOnce(), everyMs);
    this.timer.unref();
  }

  runOnce(): Promise<T> {
    this.running ??= this.pass()
      .catch((err: Error) => this.onError(err))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
