/** The long-stream scenario: `streams` concurrent streams of `seconds` × `chunksPerSec` content chunks. */
export interface LongStreamSettings {
  streams: number;
  seconds: number;
  chunksPerSec: number;
  /** The streams are opened evenly over this long, so their chunks do not all fall due in the same millisecond. */
  rampSec: number;
}

/** Content chunks per long stream (1,800 by default). */
export const chunksOf = (s: LongStreamSettings): number => Math.round(s.seconds * s.chunksPerSec);

/**
 * Run settings from the command line (`--duration=<s>`, `--rounds=<n>`, `--only=long-streams`,
 * `--streams=<n>`, `--stream-seconds=<s>`) and BENCH_QUICK=1.
 */
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
  /** `all`: the table, the extras (full runs) and the long streams; `long-streams`: only those. */
  only: 'all' | 'long-streams';
  longStreams: LongStreamSettings;
}

/** The scenario, run alone (`--only=long-streams`, `npm run bench:streams`): 5,000 streams of 60 s. */
const LONG: LongStreamSettings = { streams: 5_000, seconds: 60, chunksPerSec: 30, rampSec: 5 };
/**
 * The full bench's long streams: 500 (15,000 chunks/s). A 2-core machine cannot carry 5,000 even
 * straight to the mock (bench/README.md), so a full run at 5,000 measures the machine, not the gateway.
 */
const LONG_IN_FULL_RUN = 500;
/** A smoke run of the long-stream code path, not a figure: 200 streams of 5 s. */
const LONG_QUICK: LongStreamSettings = { streams: 200, seconds: 5, chunksPerSec: 30, rampSec: 1 };
const DEFAULTS: Options = { durationSec: 5, warmupSec: 1, rounds: 3, ttfbRequests: 200, ttfbWarmup: 20, quick: false, only: 'all', longStreams: LONG };
const QUICK: Options = { durationSec: 2, warmupSec: 0.5, rounds: 1, ttfbRequests: 50, ttfbWarmup: 5, quick: true, only: 'all', longStreams: LONG_QUICK };
const FLAGS = '--duration=<s>, --rounds=<n>, --only=long-streams, --streams=<n> or --stream-seconds=<s>';

function positive(name: string, raw: string, integer: boolean): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
  }
  return n;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const base = env.BENCH_QUICK === '1' ? QUICK : DEFAULTS;
  const opts: Options = { ...base, longStreams: { ...base.longStreams } };
  for (const arg of argv) {
    const m = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!m) throw new Error(`unknown argument "${arg}" (expected ${FLAGS})`);
    const [, name, value] = m;
    if (name === 'duration') opts.durationSec = positive(name, value, false);
    else if (name === 'rounds') opts.rounds = positive(name, value, true);
    else if (name === 'streams') opts.longStreams.streams = positive(name, value, true);
    else if (name === 'stream-seconds') opts.longStreams.seconds = positive(name, value, false);
    else if (name === 'only' && value === 'long-streams') opts.only = value;
    else throw new Error(`unknown flag --${name}=${value} (expected ${FLAGS})`);
  }
  const streamsGiven = argv.some((a) => a.startsWith('--streams='));
  if (!opts.quick && opts.only === 'all' && !streamsGiven) opts.longStreams.streams = LONG_IN_FULL_RUN;
  return opts;
}
