import type { LongStreams } from './long-streams';
import type { ScenarioReport } from './report';

/**
 * Issue 13's performance targets, measured against what this run computed, side by side. Each
 * is met, not met, or not measured in this run (e.g. `--only=long-streams` has no table).
 */
export interface Goal {
  what: string;
  measured: string;
  target: string;
  /** null: reported only (no target), or not measured in this run, or not judged (see `note`). */
  met: boolean | null;
  /** Why a measured figure is not judged against its target. */
  note?: string;
}

/** The scenario the throughput ratios come from: every path at its ceiling, the upstream costing nothing. */
const RATIO_SCENARIO = 'plain-0ms-c32';
/** Issue 13 writes the idle target in MB. */
const IDLE_RSS_MAX_MB = 150;

const ratio = (scenarios: ScenarioReport[], via: string, against: string): number | null => {
  const rows = scenarios.find((s) => s.id === RATIO_SCENARIO)?.rows ?? [];
  const a = rows.find((r) => r.via === via)?.rps;
  const b = rows.find((r) => r.via === against)?.rps;
  return a && b ? a / b : null;
};

const fixed = (v: number | null, digits: number, unit = ''): string => (v === null || !Number.isFinite(v) ? 'not measured' : `${v.toFixed(digits)}${unit}`);
const atLeast = (v: number | null, min: number): boolean | null => (v === null || !Number.isFinite(v) ? null : v >= min);
const atMost = (v: number | null, max: number): boolean | null => (v === null || !Number.isFinite(v) ? null : v <= max);

export function goals(args: { scenarios: ScenarioReport[]; longStreams: LongStreams | null; idleRssMiB: number | null }): Goal[] {
  const floor = ratio(args.scenarios, 'gateway', 'floor');
  const portkey = ratio(args.scenarios, 'gateway', 'portkey');
  const l = args.longStreams;
  const gw = l?.paths.find((p) => p.via === 'gateway') ?? null;
  const lost = l ? l.paths.reduce((n, p) => n + p.lost, 0) : null;
  const idleMb = args.idleRssMiB === null ? null : (args.idleRssMiB * 2 ** 20) / 1e6;
  const streams = l ? `${l.settings.streams.toLocaleString('en-US')} streams` : 'long streams';
  // The delay target is about the load it names: judged only where both paths had every stream open at once.
  const atLoad = l ? l.paths.every((p) => p.delay.full) : false;
  const added = l?.addedP99Ms ?? null;
  const partial = l ? l.paths.filter((p) => !p.delay.full).map((p) => `${p.via} ${p.peakOpen.toLocaleString('en-US')}`) : [];
  const delayNote = added !== null && !atLoad ? `not judged: never all ${streams} open at once (at most: ${partial.join(', ')})` : undefined;
  return [
    { what: 'gateway ÷ floor req/s (plain, 0 ms upstream, 32 conns)', measured: fixed(floor, 2, ' ×'), target: '≥ 0.6 ×', met: atLeast(floor, 0.6) },
    { what: 'gateway ÷ Portkey req/s (same scenario)', measured: fixed(portkey, 1, ' ×'), target: '≥ 5 ×', met: atLeast(portkey, 5) },
    {
      what: `${streams}: delay per chunk the gateway adds, p99 (gateway p99 − direct p99)`,
      measured: fixed(added, 2, ' ms'),
      target: '≤ 2 ms',
      met: delayNote ? null : atMost(added, 2),
      note: delayNote,
    },
    {
      what: `${streams}: streams lost (direct + gateway)`,
      measured: lost === null ? 'not measured' : String(lost),
      target: '0',
      met: lost === null ? null : lost === 0,
    },
    {
      what: `${streams}: gateway RSS per open stream (request in flight)`,
      measured:
        fixed(gw?.gatewayRssPerStreamKiB ?? null, 1, ' KiB') +
        ((gw?.gatewayRssPerStreamKiB ?? 1) <= 0 ? ' (below the noise: GC moved RSS more than the streams took)' : ''),
      target: 'reported',
      met: null,
    },
    {
      what: 'gateway RSS idle after start',
      measured: idleMb === null ? 'not measured' : `${Math.round(idleMb)} MB (${args.idleRssMiB} MiB)`,
      target: `≤ ${IDLE_RSS_MAX_MB} MB`,
      met: atMost(idleMb, IDLE_RSS_MAX_MB),
    },
  ];
}

function verdict(g: Goal): string {
  if (g.target === 'reported') return 'reported (no target)';
  if (g.note) return g.note;
  return g.met === null ? 'not measured in this run' : g.met ? 'met' : '**not met**';
}

export function goalsTable(list: Goal[]): string {
  const lines = ['| Target (issue 13) | Measured | Target | |', '|---|--:|--:|---|'];
  for (const g of list) lines.push(`| ${g.what} | ${g.measured} | ${g.target} | ${verdict(g)} |`);
  return lines.join('\n');
}
