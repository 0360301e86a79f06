/**
 * A figure read at scrape time from something slow or remote (JetStream consumer info, a row
 * count): one read at a time, its value reused for `ttlMs`, and a read that takes longer than
 * `timeoutMs` answers null (the scrape goes on without that figure; the read itself may still
 * finish and fill the cache). A failed read answers null and is not cached.
 */
export class ScrapeReading<T> {
  private value?: { at: number; v: T };
  private inFlight?: Promise<T>;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly opts: { ttlMs: number; timeoutMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<T | null> {
    if (this.value && this.now() - this.value.at < this.opts.ttlMs) return this.value.v;
    this.inFlight ??= this.read()
      .then((v) => {
        this.value = { at: this.now(), v };
        return v;
      })
      .finally(() => (this.inFlight = undefined));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), this.opts.timeoutMs)));
    try {
      return await Promise.race([this.inFlight.catch(() => null), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
