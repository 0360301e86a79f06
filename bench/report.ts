import { cpus, release, totalmem, type } from 'node:os';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { KEPT_UP_DRAIN_MS, KEPT_UP_RATIO } from './booking';
import { goals, goalsTable, type Goal } from './goals';
import { longStreamsMarkdown, type LongStreams } from './long-streams';
import { BILLING_IDLE_MAX_MS } from './measure';
import { bookingProblem, failed, RunResult, unbooked } from './result';
import type { ServiceOutput } from './children';
import type { Options } from './options';
import type { Scenario } from './scenarios';
import { median } from './stats';
import { BASELINE_VIA } from './targets';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
}

export function machine(): Machine {
  const c = cpus();
  return {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()}`,
  };
}

export interface Row {
  target: string;
  via: string;
  connections: number;
  rps: number | null;
  p50: number;
  p99: number;
  totalP50?: number;
  totalP99?: number;
  /** CPU of the path's own process during the measured runs, % of one core (median over rounds; null for direct). */
  proxyCpuPct: number | null;
  /** Whole-machine busy CPU per response, µs (median over rounds). */
  machineUsPerRequest: number | null;
  non2xx: number;
  errors: number;
  /** Through a metering path: usage events billing booked per second (median over rounds); null otherwise. */
  bookedPerSec: number | null;
  /** Booking lag (call finished → usage row inserted), ms, median over rounds of each run's p50 and p99. */
  bookingLagP50Ms: number | null;
  bookingLagP99Ms: number | null;
  /** Served calls with no usage row after the wait, summed over rounds. */
  unbooked: number;
  rounds: RunResult[];
}

export interface Added {
  via: string;
  rpsChangePct: number | null;
  p50: number;
  p99: number;
}

export interface ScenarioReport {
  id: string;
  title: string;
  kind: Scenario['kind'];
  rows: Row[];
  /** Each non-baseline via minus `direct`, from the medians. */
  added: Added[];
}

export interface Report {
  date: string;
  machine: Machine;
  settings: { durationSec: number; warmupSec: number; rounds: number; ttfbRequests: number; quick: boolean };
  totalRunSec: number;
  ok: boolean;
  /** CPU busy on the machine just before each run (bench idle), % of one core: median and max over runs. */
  background: { medianCpuPct: number; maxCpuPct: number; busy: boolean };
  gateway: {
    idleRssMiB: number | null;
    peakRssMiB: number | null;
    peakSampledRssMiB: number | null;
    /** Lines the gateway wrote at LOG_LEVEL=warn, per kind, and the first few verbatim. */
    logLines: number;
    logKinds: Record<string, number>;
    log: string[];
  };
  /** Billing ran throughout: did it book every metered run's usage, as fast as it was served? */
  billing: BillingSummary;
  scenarios: ScenarioReport[];
  /** The long-stream scenario (null when not run). */
  longStreams: LongStreams | null;
  /** Issue 13's targets, measured vs target. */
  goals: Goal[];
  failures: Failure[];
}

export interface Failure {
  scenario: string;
  target: string;
  round: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  samples: string[];
  /** Served calls billing did not book within the wait, in words; null when all were booked. */
  booking: string | null;
}

export interface BillingSummary {
  /** Measured runs through a metering path (the gateway), each checked against billing's rows. */
  runs: number;
  /** Runs where every served call was booked, at least KEPT_UP_RATIO as fast as served. */
  keptUp: number;
  /** Lowest booked ev/s ÷ served req/s of one run. */
  lowestRatio: number | null;
  /** Longest time from the load stopping to a run's last booking, ms. */
  maxDrainMs: number | null;
  /** Served calls without a usage row after the wait, summed over runs. */
  unbooked: number;
  /** Runs that started while billing still had a backlog (after the bounded wait). */
  notIdleBefore: number;
  /** Longest wait for billing's backlog before a run, ms. */
  maxWaitBeforeMs: number;
}

const mib = (kb: number | null): number | null => (kb === null || !Number.isFinite(kb) ? null : Math.round(kb / 102.4) / 10);

const medianOf = (runs: RunResult[], pick: (r: RunResult) => number | null | undefined): number =>
  median(runs.map(pick).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));

export function summarise(scenarios: Scenario[], results: RunResult[]): ScenarioReport[] {
  return scenarios.map((s) => {
    const mine = results.filter((r) => r.scenario === s.id);
    const targets = [...new Set(mine.map((r) => r.target))];
    const rows: Row[] = targets.map((target) => {
      const runs = mine.filter((r) => r.target === target);
      return {
        target,
        via: runs[0].via,
        connections: runs[0].connections,
        rps: s.kind === 'load' ? medianOf(runs, (r) => r.rps) : null,
        p50: medianOf(runs, (r) => r.p50),
        p99: medianOf(runs, (r) => r.p99),
        ...(s.kind === 'ttfb' ? { totalP50: medianOf(runs, (r) => r.totalP50), totalP99: medianOf(runs, (r) => r.totalP99) } : {}),
        proxyCpuPct: runs.every((r) => r.proxyCpuPct === null) ? null : medianOf(runs, (r) => r.proxyCpuPct),
        machineUsPerRequest: medianOf(runs, (r) => r.machineUsPerRequest),
        non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
        errors: runs.reduce((n, r) => n + r.errors, 0),
        ...bookingOf(runs),
        rounds: runs,
      };
    });
    const base = rows.find((r) => r.via === BASELINE_VIA);
    const added: Added[] = base
      ? rows
          .filter((r) => r !== base)
          .map((r) => ({
            via: r.via,
            rpsChangePct: r.rps !== null && base.rps ? (r.rps / base.rps - 1) * 100 : null,
            p50: r.p50 - base.p50,
            p99: r.p99 - base.p99,
          }))
      : [];
    return { id: s.id, title: s.title, kind: s.kind, rows, added };
  });
}

function bookingOf(runs: RunResult[]): Pick<Row, 'bookedPerSec' | 'bookingLagP50Ms' | 'bookingLagP99Ms' | 'unbooked'> {
  const booked = runs.filter((r) => r.booking !== null);
  if (!booked.length) return { bookedPerSec: null, bookingLagP50Ms: null, bookingLagP99Ms: null, unbooked: 0 };
  const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return {
    bookedPerSec: orNull(medianOf(booked, (r) => r.booking?.bookedPerSec)),
    bookingLagP50Ms: orNull(medianOf(booked, (r) => r.booking?.lagP50Ms)),
    bookingLagP99Ms: orNull(medianOf(booked, (r) => r.booking?.lagP99Ms)),
    unbooked: booked.reduce((n, r) => n + unbooked(r), 0),
  };
}

/** Over every measured run through a metering path. */
export function billingSummary(results: RunResult[]): BillingSummary {
  const metered = results.filter((r) => r.booking !== null);
  const ratios = metered.map((r) => r.booking?.ratio).filter((v): v is number => typeof v === 'number');
  const drains = metered.map((r) => r.booking?.drainMs).filter((v): v is number => typeof v === 'number');
  return {
    runs: metered.length,
    keptUp: metered.filter((r) => r.booking?.keptUp).length,
    lowestRatio: ratios.length ? Math.min(...ratios) : null,
    maxDrainMs: drains.length ? Math.max(...drains) : null,
    unbooked: metered.reduce((n, r) => n + unbooked(r), 0),
    notIdleBefore: results.filter((r) => !r.billingIdleBefore).length,
    maxWaitBeforeMs: Math.max(0, ...results.map((r) => r.billingWaitMs)),
  };
}

/** Background load above this (% of one core) before a median run makes the figures noisy. */
const BUSY_PCT = 25;

function backgroundOf(results: RunResult[]): Report['background'] {
  const values = results.map((r) => r.backgroundCpuPct).filter((v): v is number => v !== null);
  const medianCpuPct = Math.round(median(values));
  return { medianCpuPct, maxCpuPct: Math.round(Math.max(...values, 0)), busy: medianCpuPct > BUSY_PCT };
}

export function buildReport(args: {
  options: Options;
  scenarios: ScenarioReport[];
  results: RunResult[];
  startedAt: number;
  gateway: { idleRssKb: number | null; peakHwmKb: number | null; peakSampledKb: number | null; output: ServiceOutput };
  /** Failures outside the table's runs (the extras' metered runs, the long streams). */
  extraFailures?: Failure[];
  longStreams?: LongStreams | null;
}): Report {
  const failures: Failure[] = args.results.filter(failed).map((r) => ({
    scenario: r.scenario,
    target: r.target,
    round: r.round,
    non2xx: r.non2xx,
    errors: r.errors,
    statusCodes: r.statusCodes,
    samples: r.errorSamples,
    booking: bookingProblem(r.booking),
  }));
  failures.push(...(args.extraFailures ?? []));
  const o = args.options;
  const idleRssMiB = mib(args.gateway.idleRssKb);
  const longStreams = args.longStreams ?? null;
  return {
    date: new Date().toISOString(),
    machine: machine(),
    settings: { durationSec: o.durationSec, warmupSec: o.warmupSec, rounds: o.rounds, ttfbRequests: o.ttfbRequests, quick: o.quick },
    totalRunSec: Math.round((Date.now() - args.startedAt) / 1000),
    ok: failures.length === 0,
    background: backgroundOf(args.results),
    gateway: {
      idleRssMiB,
      peakRssMiB: mib(args.gateway.peakHwmKb),
      peakSampledRssMiB: mib(args.gateway.peakSampledKb),
      logLines: args.gateway.output.total,
      logKinds: args.gateway.output.kinds,
      log: args.gateway.output.kept,
    },
    billing: billingSummary(args.results),
    scenarios: args.scenarios,
    longStreams,
    goals: goals({ scenarios: args.scenarios, longStreams, idleRssMiB }),
    failures,
  };
}

const ms = (v: number): string => (!Number.isFinite(v) ? '–' : Math.abs(v) < 10 ? v.toFixed(2) : v.toFixed(1));
const signed = (v: number): string => (!Number.isFinite(v) ? '–' : `${v >= 0 ? '+' : '−'}${ms(Math.abs(v))}`);
const int = (v: number | null): string => (v === null || !Number.isFinite(v) ? '–' : Math.round(v).toLocaleString('en-US'));
const pct = (v: number | null): string => (v === null || !Number.isFinite(v) ? '–' : `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(0)} %`);

const isMetered = (r: Row): boolean => r.rounds.some((x) => x.booking !== null);
function bookedCell(r: Row): string {
  if (!isMetered(r)) return '–';
  return `${int(r.bookedPerSec)}${r.unbooked ? ` (**${int(r.unbooked)} unbooked**)` : ''}`;
}
const lagCell = (r: Row): string => (isMetered(r) ? `${ms(r.bookingLagP50Ms ?? NaN)} / ${ms(r.bookingLagP99Ms ?? NaN)}` : '–');

/** One line: did billing, running throughout, book every metered run's usage as fast as it was served? */
export function billingLine(b: BillingSummary): string {
  if (b.runs === 0) return 'Billing ran throughout; no measured run went through a metering path.';
  const ratio = b.lowestRatio === null ? '–' : `${Math.round(b.lowestRatio * 100)} %`;
  const drain = b.maxDrainMs === null ? '–' : `${(Math.max(0, b.maxDrainMs) / 1000).toFixed(2)} s`;
  const backlog =
    b.notIdleBefore > 0
      ? ` Billing still had a backlog when ${b.notIdleBefore} run(s) started (after waiting up to ${BILLING_IDLE_MAX_MS / 1000} s): those were measured while it booked earlier usage.`
      : '';
  if (b.keptUp === b.runs) {
    return (
      `Billing ran throughout and kept up: in all ${b.runs} gateway runs it booked every served call, as fast as the gateway served them in the same run ` +
      `(booked ev/s ÷ req/s: lowest ${ratio}); the last booking came at most ${drain} after the load stopped.${backlog}`
    );
  }
  const unbookedText = b.unbooked ? `; **${b.unbooked.toLocaleString('en-US')} served calls not booked within the wait**` : '';
  return (
    `**Billing did not keep up** in ${b.runs - b.keptUp} of ${b.runs} gateway runs: booked ev/s ÷ the gateway's req/s in the same run down to ${ratio} ` +
    `(kept up: every call booked, and at least ${KEPT_UP_RATIO * 100} % or done within ${KEPT_UP_DRAIN_MS / 1000} s of the load stopping), ` +
    `the last booking up to ${drain} after the load stopped${unbookedText}.${backlog}`
  );
}

/** The figures as one markdown table: a row per target, then an "added over direct" row per other path. */
export function table(scenarios: ScenarioReport[]): string {
  const lines = [
    '| Scenario | Path | Conns | Req/s | p50 ms | p99 ms | Non-2xx / errors | Proxy CPU | Machine CPU µs/req | Booked ev/s | Booking lag p50/p99 ms |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const s of scenarios) {
    s.rows.forEach((r, i) => {
      const conns = s.kind === 'ttfb' ? '1 (seq.)' : String(r.connections);
      lines.push(
        `| ${i === 0 ? s.title : ''} | ${r.via} | ${conns} | ${int(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.non2xx} / ${r.errors} | ${r.proxyCpuPct === null ? '–' : `${int(r.proxyCpuPct)} %`} | ${int(r.machineUsPerRequest)} | ${bookedCell(r)} | ${lagCell(r)} |`,
      );
    });
    for (const a of s.added) {
      lines.push(`| | *${a.via} adds over ${BASELINE_VIA}* | | ${pct(a.rpsChangePct)} | ${signed(a.p50)} | ${signed(a.p99)} | | | | | |`);
    }
  }
  return lines.join('\n');
}

/** Memory, background load, machine and settings, under the table. */
export function footer(r: Report): string {
  const m = r.machine;
  const s = r.settings;
  const table = r.scenarios.length > 0;
  return [
    ...(table ? [billingLine(r.billing), ''] : []),
    `Gateway process memory: ${r.gateway.idleRssMiB ?? '–'} MiB RSS idle after start, peak ${r.gateway.peakRssMiB ?? '–'} MiB (VmHWM).`,
    '',
    ...(table
      ? [
          `Background CPU just before each run (other work on the machine): median ${r.background.medianCpuPct} %, max ${r.background.maxCpuPct} % of one core` +
            (r.background.busy ? ' — **the machine was busy: these figures are noisy**.' : '.'),
          '',
        ]
      : []),
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.os}. ` +
      `Run ${r.date.slice(0, 16).replace('T', ' ')} UTC: ` +
      (table
        ? `${s.rounds} interleaved round(s) × ${s.durationSec} s per run after ${s.warmupSec} s warm-up (TTFB: ${s.ttfbRequests} sequential streams per round), medians over rounds`
        : 'the long streams only (`--only=long-streams`)') +
      `; load generator on the same machine; whole run ${r.totalRunSec} s` +
      `${s.quick ? ' (BENCH_QUICK smoke run: not representative)' : ''}.`,
  ].join('\n');
}

/** The targets table, then the long-stream figures (when run). */
function targetsAndStreams(r: Report): string[] {
  return ['**Targets** (issue 13, this run):', '', goalsTable(r.goals), '', ...(r.longStreams ? [longStreamsMarkdown(r.longStreams), ''] : [])];
}

export function markdown(r: Report): string {
  const parts = [`# Tollgate bench: ${r.ok ? 'latest figures' : 'FAILED RUN (errors under load, lost streams or unbooked calls)'}`, ''];
  if (r.scenarios.length) parts.push(table(r.scenarios), '');
  parts.push(footer(r), '', ...targetsAndStreams(r));
  const kinds = Object.entries(r.gateway.logKinds).filter(([k]) => !k.startsWith('log '));
  if (kinds.length) {
    parts.push('## Gateway log during the run (LOG_LEVEL=warn)', '', '| lines | kind |', '|--:|---|');
    for (const [k, n] of kinds.sort((a, b) => b[1] - a[1])) parts.push(`| ${n} | \`${k.replace(/`|\|/g, "'")}\` |`);
    parts.push('');
  }
  if (!r.ok) {
    parts.push('## Errors', '');
    for (const f of r.failures) {
      parts.push(`- ${f.scenario} / ${f.target} (round ${f.round}): ${f.non2xx} non-2xx, ${f.errors} errors; status codes ${JSON.stringify(f.statusCodes)}`);
      if (f.booking) parts.push(`  - billing: ${f.booking}`);
      for (const s of f.samples) parts.push(`  - \`${s.replace(/`/g, "'")}\``);
    }
    parts.push('');
  }
  return parts.join('\n');
}

export function readmeBlock(r: Report): string {
  return [
    table(r.scenarios),
    '',
    footer(r),
    '',
    ...targetsAndStreams(r),
    'Details, method and how to read this: [bench/README.md](bench/README.md); raw figures per round: `bench/results/latest.json`.',
  ].join('\n');
}

export function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** Replaces what is between the bench markers of `readmePath`, keeping the markers and everything else. */
export function updateReadme(readmePath: string, block: string): void {
  const text = readFileSync(readmePath, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END, a);
  if (a < 0 || b < 0) throw new Error(`${readmePath} lacks the ${START} … ${END} markers`);
  writeFileSync(readmePath, `${text.slice(0, a + START.length)}\n${block}\n${text.slice(b)}`);
}
