import type { BillingIdle, BillingProbe, RunMark } from './booking';
import { runLoad } from './load';
import type { Options } from './options';
import type { RunResult } from './result';
import { CpuMeter, MachineMeter, RssSampler, settle, Settled } from './rss';
import type { Scenario } from './scenarios';
import type { Target } from './targets';
import { runTtfb } from './ttfb';

/** At most this long per run waiting for billing to book its backlog before measuring. */
export const BILLING_IDLE_MAX_MS = 30_000;
/** At most this long after a metered run for every served call's usage row. */
export const BOOKED_WAIT_MS = 60_000;

/** What every run records before its measured part, and the meters running over it. */
interface Prepared {
  base: Pick<RunResult, 'scenario' | 'target' | 'via' | 'round' | 'settleMs' | 'backgroundCpuPct' | 'billingWaitMs' | 'billingIdleBefore'>;
  cpu: CpuMeter | null;
  machine: MachineMeter;
  mark: RunMark | undefined;
}

/**
 * Measures one scenario against one target, once: warm-up, wait for quiet (gateway, billing,
 * machine), then the measured run with the path's own CPU, the whole machine's CPU per request
 * and the gateway's peak RSS over exactly that window. Through a metering path it then waits
 * (bounded) until billing has booked every call the run served, and reads the booking figures.
 */
export class Measurer {
  /** Time the bench may still spend waiting for other work on the machine to pause. */
  private quietBudgetMs: number;
  /** Time the bench may still spend waiting for billing's backlog before runs. */
  private billingBudgetMs: number;

  constructor(
    private readonly options: Options,
    private readonly gatewayPid: number,
    private readonly rss: RssSampler,
    /** The process a target's requests pass through (null: straight to the mock). */
    private readonly proxyPid: (t: Target) => number | null,
    private readonly billing: BillingProbe,
  ) {
    this.quietBudgetMs = options.quick ? 15_000 : 60_000;
    this.billingBudgetMs = options.quick ? 60_000 : 300_000;
  }

  async measure(s: Scenario, t: Target, round: number): Promise<RunResult> {
    if (s.kind === 'load') await runLoad(t, s.connections, this.options.warmupSec);
    const run = await this.prepare(s, t, round);
    return s.kind === 'load' ? this.measureLoad(t, s.connections, run) : this.measureTtfb(t, run);
  }

  /** After the warm-up: billing idle, the machine quiet, then the meters start and (metering paths) billing's mark is taken. */
  private async prepare(s: Scenario, t: Target, round: number): Promise<Prepared> {
    const billing = await this.billingIdle();
    const quiet = await this.settle();
    this.rss.window();
    const pid = this.proxyPid(t);
    const cpu = pid === null ? null : new CpuMeter(pid);
    const machine = new MachineMeter();
    const base = {
      scenario: s.id,
      target: t.name,
      via: t.via,
      round,
      settleMs: quiet.settleMs,
      backgroundCpuPct: quiet.backgroundPct,
      billingWaitMs: billing.waitedMs,
      billingIdleBefore: billing.idle,
    };
    const mark = t.meters ? await this.billing.mark() : undefined;
    return { base, cpu, machine, mark };
  }

  /** The gateway's peak RSS, the path's CPU and the machine's CPU per 2xx response since `prepare`. */
  private meters(run: Prepared, ok: number) {
    const busy = run.machine.busySeconds();
    const machineUsPerRequest = busy === null || ok === 0 ? null : (busy * 1e6) / ok;
    return { gatewayRssPeakKb: this.rss.window(), proxyCpuPct: run.cpu?.lap() ?? null, machineUsPerRequest };
  }

  private async measureLoad(t: Target, connections: number, run: Prepared): Promise<RunResult> {
    const startMs = Date.now();
    const { requestIds, ...r } = await runLoad(t, connections, this.options.durationSec, t.meters);
    const endMs = Date.now();
    const measured = { ...run.base, connections, ...r, rps: r.ok / r.durationSec, ...this.meters(run, r.ok) };
    const booking = t.meters ? await this.billing.awaitBooked({ startMs, endMs, requestIds, served: r.ok }, BOOKED_WAIT_MS, run.mark) : null;
    return { ...measured, booking };
  }

  private async measureTtfb(t: Target, run: Prepared): Promise<RunResult> {
    const o = this.options;
    const r = await runTtfb(t, o.ttfbRequests, o.ttfbWarmup);
    const endMs = Date.now();
    const measured = {
      ...run.base,
      connections: 1,
      ok: r.ok,
      durationSec: r.durationSec,
      rps: null,
      p50: r.ttfbP50,
      p99: r.ttfbP99,
      totalP50: r.totalP50,
      totalP99: r.totalP99,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: 0,
      statusCodes: r.statusCodes,
      errorSamples: r.errorSamples,
      ...this.meters(run, r.ok),
    };
    const booking = t.meters
      ? await this.billing.awaitBooked({ startMs: r.measuredStartMs, endMs, requestIds: r.requestIds, served: r.ok }, BOOKED_WAIT_MS, run.mark)
      : null;
    return { ...measured, booking };
  }

  /**
   * Until billing has booked its backlog (the warm-up's usage, anything left of the run before),
   * so booking one run's events does not tax the next run's figures: at most 30 s per run and
   * 300 s per bench run (60 s quick).
   */
  private async billingIdle(): Promise<BillingIdle> {
    const t0 = Date.now();
    const idle = await this.billing.waitIdle(Math.min(BILLING_IDLE_MAX_MS, this.billingBudgetMs));
    this.billingBudgetMs = Math.max(0, this.billingBudgetMs - (Date.now() - t0));
    return idle;
  }

  /** At most 5 s per run and 60 s per bench run (15 s quick) waiting for the machine to be quiet. */
  private async settle(): Promise<Settled> {
    const t0 = Date.now();
    const settled = await settle(this.gatewayPid, Math.min(5_000, this.quietBudgetMs));
    this.quietBudgetMs = Math.max(0, this.quietBudgetMs - (Date.now() - t0));
    return settled;
  }
}
