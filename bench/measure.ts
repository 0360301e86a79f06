import { runLoad } from './load';
import type { Options } from './options';
import type { RunResult } from './result';
import { CpuMeter, MachineMeter, RssSampler, settle, Settled } from './rss';
import type { Scenario } from './scenarios';
import type { Target } from './targets';
import { runTtfb } from './ttfb';

/**
 * Measures one scenario against one target, once: warm-up, wait for quiet, then the measured
 * run with the path's own CPU, the whole machine's CPU per request and the gateway's peak RSS
 * over exactly that window.
 */
export class Measurer {
  /** Time the bench may still spend waiting for other work on the machine to pause. */
  private quietBudgetMs: number;

  constructor(
    private readonly options: Options,
    private readonly gatewayPid: number,
    private readonly rss: RssSampler,
    /** The process a target's requests pass through (null: straight to the mock). */
    private readonly proxyPid: (t: Target) => number | null,
  ) {
    this.quietBudgetMs = options.quick ? 15_000 : 60_000;
  }

  async measure(s: Scenario, t: Target, round: number): Promise<RunResult> {
    const o = this.options;
    if (s.kind === 'load') await runLoad(t, s.connections, o.warmupSec);
    const quiet = await this.settle();
    this.rss.window();
    const pid = this.proxyPid(t);
    const cpu = pid === null ? null : new CpuMeter(pid);
    const machine = new MachineMeter();
    const perRequest = (ok: number) => {
      const busy = machine.busySeconds();
      return busy === null || ok === 0 ? null : (busy * 1e6) / ok;
    };
    const base = { scenario: s.id, target: t.name, via: t.via, round, settleMs: quiet.settleMs, backgroundCpuPct: quiet.backgroundPct };
    if (s.kind === 'load') {
      const r = await runLoad(t, s.connections, o.durationSec);
      const machineUsPerRequest = perRequest(r.ok);
      return { ...base, connections: s.connections, ...r, rps: r.ok / r.durationSec, gatewayRssPeakKb: this.rss.window(), proxyCpuPct: cpu?.lap() ?? null, machineUsPerRequest };
    }
    const r = await runTtfb(t, o.ttfbRequests, o.ttfbWarmup);
    return {
      ...base,
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
      gatewayRssPeakKb: this.rss.window(),
      proxyCpuPct: cpu?.lap() ?? null,
      machineUsPerRequest: perRequest(r.ok),
    };
  }

  /** At most 5 s per run and 60 s per bench run (15 s quick) waiting for the machine to be quiet. */
  private async settle(): Promise<Settled> {
    const t0 = Date.now();
    const settled = await settle(this.gatewayPid, Math.min(5_000, this.quietBudgetMs));
    this.quietBudgetMs = Math.max(0, this.quietBudgetMs - (Date.now() - t0));
    return settled;
  }
}
