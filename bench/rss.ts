import { readFileSync } from 'node:fs';

/** VmRSS and VmHWM (peak RSS) of `pid` in KiB, from /proc; null where /proc is unavailable. */
export function memoryOf(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** Samples a process's VmRSS every `intervalMs`; `window()` returns the highest since the last call. */
export class RssSampler {
  private timer?: NodeJS.Timeout;
  private windowMax = 0;
  private overallMax = 0;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }

  window(): number | null {
    this.sample();
    const max = this.windowMax;
    this.windowMax = 0;
    return max || null;
  }

  get peakSampledKb(): number | null {
    return this.overallMax || null;
  }

  private sample(): void {
    const m = memoryOf(this.pid);
    if (!m || !Number.isFinite(m.rssKb)) return;
    this.windowMax = Math.max(this.windowMax, m.rssKb);
    this.overallMax = Math.max(this.overallMax, m.rssKb);
  }
}
