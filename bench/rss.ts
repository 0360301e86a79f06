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

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on every mainstream architecture. */
const TICKS_PER_SEC = 100;

/** User + system CPU seconds `pid` has used so far; null where /proc is unavailable. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // field 3 onwards; the name may hold spaces
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC; // utime (14), stime (15)
  } catch {
    return null;
  }
}

/** CPU use of `pid` over a span, as a percentage of one core. */
export class CpuMeter {
  private cpu: number | null;
  private at = process.hrtime.bigint();

  constructor(private readonly pid: number) {
    this.cpu = cpuSecondsOf(pid);
  }

  /** Percent of one core since the previous call (or construction). */
  lap(): number | null {
    const cpu = cpuSecondsOf(this.pid);
    const now = process.hrtime.bigint();
    const wall = Number(now - this.at) / 1e9;
    const pct = cpu === null || this.cpu === null || wall <= 0 ? null : ((cpu - this.cpu) / wall) * 100;
    this.cpu = cpu;
    this.at = now;
    return pct;
  }
}

/**
 * Waits until `pid` is quiet (under `belowPct` of a core over a 250 ms window), at most `maxMs`:
 * after a run the gateway may still be publishing usage events, which would tax the next run.
 * Resolves to the time waited, ms.
 */
export async function settle(pid: number, belowPct = 5, maxMs = 5_000): Promise<number> {
  const started = Date.now();
  const meter = new CpuMeter(pid);
  while (Date.now() - started < maxMs) {
    await new Promise((r) => setTimeout(r, 250));
    const pct = meter.lap();
    if (pct === null || pct < belowPct) break;
  }
  return Date.now() - started;
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
