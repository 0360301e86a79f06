import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

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

/**
 * The gateway's idle RSS: the lowest of 250 ms samples over `ms`. Right after load the gateway
 * still holds the heap it grew until its idle heap trim runs (2 s after the last request), so a
 * single reading could count memory the streams never used.
 */
export async function idleRssKb(pid: number, ms = 5_000): Promise<number | null> {
  let low: number | null = null;
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    const kb = memoryOf(pid)?.rssKb;
    if (kb !== undefined && Number.isFinite(kb)) low = low === null ? kb : Math.min(low, kb);
  }
  return low;
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

/** Busy and total CPU ticks of the whole machine so far, from /proc/stat; null where unavailable. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal; guest time is already in user
    return { busy: total - f[3] - f[4], total }; // minus idle and iowait
  } catch {
    return null;
  }
}

/** Busy CPU time of the whole machine over a span, in seconds of one core. */
export class MachineMeter {
  private readonly start = machineTicks();

  /** Seconds of one core the whole machine was busy since construction; null where /proc is unavailable. */
  busySeconds(): number | null {
    const now = machineTicks();
    return now && this.start ? (now.busy - this.start.busy) / TICKS_PER_SEC : null;
  }
}

/** CPU busy on the whole machine over the next `ms`, % of one core. */
export async function machineBusyPct(ms: number): Promise<number | null> {
  const m0 = machineTicks();
  await new Promise((r) => setTimeout(r, ms));
  const m1 = machineTicks();
  return m0 && m1 && m1.total > m0.total ? ((m1.busy - m0.busy) / (m1.total - m0.total)) * 100 * cpus().length : null;
}

export interface Settled {
  /** Time waited for the gateway (and the machine) to go quiet, ms. */
  settleMs: number;
  /** CPU busy on the whole machine in the last quiet window, % of one core: work that is not the bench's. */
  backgroundPct: number | null;
}

/**
 * Waits until `pid` is quiet (under 5 % of a core over a 250 ms window): after a run the gateway
 * may still be publishing usage events, which would tax the next run. Then, for at most
 * `quietMaxMs` more, waits for the machine to be quiet too (under `quietPct` of a core busy),
 * so a burst of other work (a test run, a compile) is not measured. The last window's machine
 * CPU is reported as background load.
 */
export async function settle(pid: number, quietMaxMs: number, quietPct = 30, gatewayMaxMs = 5_000): Promise<Settled> {
  const started = Date.now();
  const meter = new CpuMeter(pid);
  let backgroundPct: number | null = null;
  while (Date.now() - started < gatewayMaxMs) {
    backgroundPct = await machineBusyPct(250);
    const pct = meter.lap();
    if (pct === null || pct < 5) break;
  }
  const quietStarted = Date.now();
  while (backgroundPct !== null && backgroundPct >= quietPct && Date.now() - quietStarted < quietMaxMs) {
    backgroundPct = await machineBusyPct(250);
  }
  return { settleMs: Date.now() - started, backgroundPct };
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
