/** Run settings from the command line (`--duration=<s>`, `--rounds=<n>`) and BENCH_QUICK=1. */
export interface Options {
  /** Measured seconds per load run. */
  durationSec: number;
  /** Discarded seconds before each load run (same target, same connections). */
  warmupSec: number;
  /** Every scenario runs once per round; figures are the median over rounds. */
  rounds: number;
  /** Sequential streamed requests per TTFB run (after `ttfbWarmup` discarded ones). */
  ttfbRequests: number;
  ttfbWarmup: number;
  quick: boolean;
}

const DEFAULTS: Options = { durationSec: 5, warmupSec: 1, rounds: 3, ttfbRequests: 200, ttfbWarmup: 20, quick: false };
const QUICK: Options = { durationSec: 2, warmupSec: 0.5, rounds: 1, ttfbRequests: 50, ttfbWarmup: 5, quick: true };

function positive(name: string, raw: string, integer: boolean): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
  }
  return n;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const opts: Options = { ...(env.BENCH_QUICK === '1' ? QUICK : DEFAULTS) };
  for (const arg of argv) {
    const m = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!m) throw new Error(`unknown argument "${arg}" (expected --duration=<s> or --rounds=<n>)`);
    const [, name, value] = m;
    if (name === 'duration') opts.durationSec = positive(name, value, false);
    else if (name === 'rounds') opts.rounds = positive(name, value, true);
    else throw new Error(`unknown flag --${name} (expected --duration=<s> or --rounds=<n>)`);
  }
  return opts;
}
