import { request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { monotonicMicros, STAMP_DIGITS, STAMP_MARKER } from '../apps/mock-upstream/src/long-reply';
import type { Target } from './targets';

/**
 * The long-stream load generator: `streams` concurrent streamed chat completions on plain
 * node:http (one socket each, no keep-alive), opened evenly over `rampMs`. It parses only what it
 * must: the mock's send stamps in the content (` ~t<16 digits>`, CLOCK_MONOTONIC µs, see
 * apps/mock-upstream/src/long-reply.ts) and the end of the body (`data: [DONE]`). Per chunk:
 * arrival (the same clock, read once per socket read) minus stamp, into a 10 µs histogram.
 */
export interface StreamClientOptions {
  streams: number;
  rampMs: number;
  /** Content chunks each stream must carry. */
  chunks: number;
  /** A stream not finished this long after it was sent is aborted and counted lost. */
  timeoutMs: number;
  /** Called about every 250 ms with the streams open now (first chunk seen, not ended) and the requests in flight (sent, not ended). */
  onTick?: (open: number, inFlight: number) => void;
}

export interface StreamClientOutcome {
  started: number;
  /** 200, every chunk, ended with `data: [DONE]`. */
  completed: number;
  lost: number;
  lostSamples: string[];
  statusCodes: Record<string, number>;
  /** x-request-id of every completed stream. */
  requestIds: string[];
  /** Chunk delay over the chunks that arrived while every stream was open ("full"), else over all. */
  delay: { p50Ms: number; p99Ms: number; maxMs: number; chunks: number; full: boolean };
  /** Chunks per second received while every stream was open (null: never all open at once). */
  fullChunksPerSec: number | null;
  fullSec: number;
  peakOpen: number;
  /** Most requests in flight at once (sent, not ended: streaming or still waiting for their first chunk). */
  peakInFlight: number;
  /** Request sent → first content chunk, ms. */
  firstChunkP50Ms: number;
  firstChunkP99Ms: number;
  /** This process: CPU % of one core over the run, event-loop delay p99 (its own queueing), ms. */
  clientCpuPct: number;
  clientLagP99Ms: number;
  startMs: number;
  endMs: number;
}

const MARK = Buffer.from(STAMP_MARKER);
const STAMP_LEN = MARK.length + STAMP_DIGITS;
const DONE = 'data: [DONE]';

/** Delays in 10 µs bins up to 10 s; anything above lands in the last bin. */
export class Histogram {
  private readonly bins = new Uint32Array(1_000_001);
  count = 0;
  maxUs = 0;

  add(us: number): void {
    const i = us <= 0 ? 0 : Math.min(this.bins.length - 1, Math.floor(us / 10));
    this.bins[i]++;
    this.count++;
    if (us > this.maxUs) this.maxUs = us;
  }

  /** The p-th percentile in ms (upper edge of its bin); NaN when empty. */
  percentileMs(p: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < this.bins.length; i++) {
      seen += this.bins[i];
      if (seen >= rank) return ((i + 1) * 10) / 1000;
    }
    return this.maxUs / 1000;
  }
}

class Run {
  readonly all = new Histogram();
  readonly full = new Histogram();
  readonly firstChunkMs: number[] = [];
  readonly statusCodes: Record<string, number> = {};
  readonly lostSamples: string[] = [];
  readonly requestIds: string[] = [];
  open = 0;
  peakOpen = 0;
  sent = 0;
  peakInFlight = 0;
  ended = 0;
  completed = 0;
  lost = 0;
  /** Monotonic µs when every stream was first open at once, and when the first one ended after that. */
  fullFrom = 0;
  fullTo = 0;

  constructor(readonly o: StreamClientOptions) {}

  get isFull(): boolean {
    return this.fullFrom > 0 && this.fullTo === 0;
  }

  lose(why: string): void {
    this.lost++;
    if (this.lostSamples.length < 5) this.lostSamples.push(why);
  }
}

/** Reads the stamps of one socket read; returns the unfinished tail (a stamp cut by the read), if any. */
function readStamps(run: Run, buf: Buffer, now: number): { stamps: number; rest: Buffer | null } {
  let stamps = 0;
  let at = buf.indexOf(MARK);
  while (at !== -1) {
    if (at + STAMP_LEN > buf.length) return { stamps, rest: Buffer.from(buf.subarray(at)) };
    let v = 0;
    for (let i = at + MARK.length; i < at + STAMP_LEN; i++) v = v * 10 + (buf[i] - 48);
    const d = now - v;
    run.all.add(d);
    if (run.isFull) run.full.add(d);
    stamps++;
    at = buf.indexOf(MARK, at + STAMP_LEN);
  }
  // A marker cut after its first byte: keep that byte for the next read.
  return { stamps, rest: buf[buf.length - 1] === MARK[0] ? Buffer.from(buf.subarray(buf.length - 1)) : null };
}

function oneStream(run: Run, target: Target, url: URL, body: Buffer): Promise<void> {
  return new Promise<void>((resolve) => {
    const sent = monotonicMicros();
    run.sent++;
    run.peakInFlight = Math.max(run.peakInFlight, run.sent - run.ended);
    let seen = false;
    let done = false;
    const finish = (lostWhy: string | null, requestId?: string): void => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      if (seen) {
        run.open--;
        if (run.isFull) run.fullTo = monotonicMicros();
      }
      run.ended++;
      if (lostWhy !== null) run.lose(lostWhy);
      else run.completed++;
      if (lostWhy === null && requestId) run.requestIds.push(requestId);
      resolve();
    };
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: false, headers: { ...target.headers, 'content-length': body.length } },
      (res) => {
        const status = res.statusCode ?? 0;
        run.statusCodes[status] = (run.statusCodes[status] ?? 0) + 1;
        const requestId = [res.headers['x-request-id']].flat()[0];
        let carry: Buffer | null = null;
        let chunks = 0;
        let tail = '';
        res.on('data', (data: Buffer) => {
          const now = monotonicMicros();
          const buf: Buffer = carry ? Buffer.concat([carry, data]) : data;
          const r = readStamps(run, buf, now);
          carry = r.rest;
          if (r.stamps > 0 && !seen) {
            seen = true;
            run.firstChunkMs.push((now - sent) / 1000);
            run.open++;
            if (run.open > run.peakOpen) run.peakOpen = run.open;
            if (run.open === run.o.streams && run.fullFrom === 0) run.fullFrom = now;
          }
          chunks += r.stamps;
          tail = (tail + data.toString('latin1', Math.max(0, data.length - 32))).slice(-32);
        });
        res.on('end', () => {
          if (status !== 200) return finish(`HTTP ${status}: ${tail}`);
          if (chunks !== run.o.chunks) return finish(`${chunks} of ${run.o.chunks} chunks, then: ${JSON.stringify(tail)}`);
          if (!tail.trimEnd().endsWith(DONE)) return finish(`no data: [DONE] at the end: ${JSON.stringify(tail)}`);
          finish(null, requestId);
        });
        res.on('error', (err) => finish(`response error after ${chunks} chunks: ${err.message}`));
      },
    );
    // A deadline for the whole stream, not an idle timeout: a request waiting in the gateway for a slot is silent, not broken.
    const deadline = setTimeout(() => req.destroy(new Error(`not finished within ${run.o.timeoutMs / 1000} s of being sent`)), run.o.timeoutMs);
    req.on('error', (err) => finish(`request error: ${err.message}`));
    req.end(body);
  });
}

const pct = (sorted: number[], p: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

/** Runs the streams to their end (or timeout) and returns the figures. */
export async function runStreams(target: Target, o: StreamClientOptions): Promise<StreamClientOutcome> {
  const run = new Run(o);
  const url = new URL(target.url);
  const body = Buffer.from(target.body);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const startMs = Date.now();
  const tick = setInterval(() => o.onTick?.(run.open, run.sent - run.ended), 250);
  const all: Promise<void>[] = [];
  for (let i = 0; i < o.streams; i++) {
    const due = t0 + (i * o.rampMs) / o.streams;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    all.push(oneStream(run, target, url, body));
  }
  await Promise.all(all);
  clearInterval(tick);
  lag.disable();
  const wallSec = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const fullSec = run.fullFrom && run.fullTo ? (run.fullTo - run.fullFrom) / 1e6 : 0;
  const h = run.full.count > 0 ? run.full : run.all;
  const first = [...run.firstChunkMs].sort((a, b) => a - b);
  return {
    started: o.streams,
    completed: run.completed,
    lost: run.lost,
    lostSamples: run.lostSamples,
    statusCodes: run.statusCodes,
    requestIds: run.requestIds,
    delay: { p50Ms: h.percentileMs(50), p99Ms: h.percentileMs(99), maxMs: h.maxUs / 1000, chunks: h.count, full: h === run.full },
    fullChunksPerSec: fullSec > 0 ? run.full.count / fullSec : null,
    fullSec,
    peakOpen: run.peakOpen,
    peakInFlight: run.peakInFlight,
    firstChunkP50Ms: pct(first, 50),
    firstChunkP99Ms: pct(first, 99),
    clientCpuPct: ((cpu.user + cpu.system) / 1e6 / wallSec) * 100,
    clientLagP99Ms: lag.percentile(99) / 1e6,
    startMs,
    endMs: Date.now(),
  };
}
