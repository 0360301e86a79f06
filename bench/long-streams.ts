import { execSync } from 'node:child_process';
import type { Booking } from './booking';
import { BILLING_IDLE_MAX_MS, BOOKED_WAIT_MS } from './measure';
import { chunksOf, type LongStreamSettings } from './options';
import type { Failure } from './report';
import { bookingProblem } from './result';
import { CpuMeter, idleRssKb, MachineMeter, memoryOf, settle } from './rss';
import type { RunningStack } from './stack';
import { runStreams, type StreamClientOutcome } from './stream-client';
import { BASELINE_VIA, VIAS, type Target } from './targets';

/**
 * The scenario closest to real LLM traffic: `streams` concurrent streamed chat completions from
 * a mock that sends `chunksPerSec` content chunks a second for `seconds`, straight to the mock
 * ("direct") and through the gateway (metered; billing books every stream). Per chunk, the delay
 * from the mock's write to the client's read; the gateway's own addition is the difference.
 */
export interface LongStreamPath extends Omit<StreamClientOutcome, 'requestIds'> {
  via: string;
  /** CPU over the run, % of one core: the gateway (null for direct), the mock, the whole machine. */
  proxyCpuPct: number | null;
  mockCpuPct: number | null;
  machineCpuPct: number | null;
  /** Gateway RSS idle (lowest over 5 s before and 5 s after the run) and, median of 250 ms samples, while the most requests were in flight. */
  gatewayRssIdleMiB: number | null;
  gatewayRssOpenMiB: number | null;
  /**
   * (RSS with the most requests in flight − idle) ÷ those requests, KiB; through the gateway only.
   * Where every stream was open at once, requests in flight are the open streams; where the
   * gateway held some back, they include the waiting ones.
   */
  gatewayRssPerStreamKiB: number | null;
  booking: Booking | null;
}

export interface LongStreams {
  settings: LongStreamSettings;
  chunks: number;
  paths: LongStreamPath[];
  /** Gateway minus direct, per-chunk delay (from each path's own percentiles). */
  addedP50Ms: number | null;
  addedP99Ms: number | null;
}

const mib = (kb: number | null | undefined): number | null => (kb == null || !Number.isFinite(kb) ? null : Math.round(kb / 102.4) / 10);
const round1 = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : Math.round(v * 10) / 10);

function targetFor(stack: RunningStack, via: string): Target {
  const v = VIAS.find((x) => x.name === via)!;
  return {
    name: `${via} long stream`,
    via,
    upstream: stack.longMock.label,
    stream: true,
    meters: v.meters ?? false,
    ...v.request(stack, stack.longMock, true),
  };
}

/** Median gateway RSS over the samples taken while (nearly) the most requests were in flight. */
function openRss(samples: Array<{ inFlight: number; rssKb: number }>, peak: number): number | null {
  const at = samples
    .filter((s) => s.inFlight >= peak * 0.95 && s.inFlight > 0)
    .map((s) => s.rssKb)
    .sort((a, b) => a - b);
  return at.length ? at[at.length >> 1] : null;
}

async function runPath(stack: RunningStack, via: string, s: LongStreamSettings, log: (line: string) => void): Promise<LongStreamPath> {
  const target = targetFor(stack, via);
  const gw = stack.gatewayPid;
  await stack.billing.waitIdle(BILLING_IDLE_MAX_MS);
  await settle(gw, 5_000);
  const idleBeforeKb = via === BASELINE_VIA ? null : await idleRssKb(gw);
  const proxy = via === BASELINE_VIA ? null : new CpuMeter(gw);
  const mock = new CpuMeter(stack.children.pid('mock-long'));
  const machine = new MachineMeter();
  const samples: Array<{ inFlight: number; rssKb: number }> = [];
  let lastLog = 0;
  const started = Date.now();
  const outcome = await runStreams(target, {
    streams: s.streams,
    rampMs: s.rampSec * 1000,
    chunks: chunksOf(s),
    timeoutMs: (s.rampSec + s.seconds * 2 + 60) * 1000,
    onTick: (open, inFlight) => {
      const rssKb = memoryOf(gw)?.rssKb;
      if (rssKb !== undefined) samples.push({ inFlight, rssKb });
      if (Date.now() - lastLog >= 10_000) {
        lastLog = Date.now();
        log(`    ${via}: ${Math.round((Date.now() - started) / 1000)} s, ${open} streams open of ${inFlight} in flight, gateway RSS ${mib(rssKb) ?? '–'} MiB`);
      }
    },
  });
  const wallSec = (outcome.endMs - outcome.startMs) / 1000;
  const busy = machine.busySeconds();
  const { requestIds, ...figures } = outcome;
  const openKb = via === BASELINE_VIA ? null : openRss(samples, outcome.peakInFlight);
  const booking = target.meters
    ? await stack.billing.awaitBooked({ startMs: outcome.startMs, endMs: outcome.endMs, requestIds, served: outcome.completed }, BOOKED_WAIT_MS)
    : null;
  // Idle is the lower of before and after: whichever side V8 had given back the heap earlier load grew.
  const idleAfterKb = idleBeforeKb === null ? null : await idleRssKb(gw);
  const idleKb = idleBeforeKb === null || idleAfterKb === null ? idleBeforeKb : Math.min(idleBeforeKb, idleAfterKb);
  return {
    via,
    ...figures,
    proxyCpuPct: proxy?.lap() ?? null,
    mockCpuPct: mock.lap(),
    machineCpuPct: busy === null ? null : (busy / wallSec) * 100,
    gatewayRssIdleMiB: mib(idleKb),
    gatewayRssOpenMiB: mib(openKb),
    gatewayRssPerStreamKiB: openKb !== null && idleKb !== null && outcome.peakInFlight > 0 ? round1((openKb - idleKb) / outcome.peakInFlight) : null,
    booking,
  };
}

/**
 * Each stream is one socket in the client and the mock and two in the gateway. Node raises its
 * own soft RLIMIT_NOFILE to the hard limit at start and the services inherit it from the bench,
 * so the hard limit (`ulimit -Hn`) is what must suffice.
 */
function checkFileLimit(streams: number, log: (line: string) => void): void {
  const hard = Number(execSync('ulimit -Hn', { shell: '/bin/sh', encoding: 'utf8' }).trim());
  const need = 2 * streams + 1_024;
  if (Number.isFinite(hard) && hard < need) {
    log(
      `  WARNING: the open-file limit is ${hard}; ${streams.toLocaleString('en-US')} streams need about ${need.toLocaleString('en-US')} in the gateway: raise it (ulimit -n ${need}, as root: ulimit -Hn) or streams will fail with EMFILE`,
    );
  }
}

/** Direct first, then through the gateway; one run each (a run lasts `seconds` plus the ramp). */
export async function runLongStreams(stack: RunningStack, s: LongStreamSettings, log: (line: string) => void): Promise<LongStreams> {
  checkFileLimit(s.streams, log);
  const paths: LongStreamPath[] = [];
  for (const via of [BASELINE_VIA, 'gateway']) {
    log(
      `  long streams ${via}: ${s.streams.toLocaleString('en-US')} streams × ${chunksOf(s)} chunks (${s.chunksPerSec}/s for ${s.seconds} s), opened over ${s.rampSec} s`,
    );
    const p = await runPath(stack, via, s, log);
    paths.push(p);
    const booked = p.booking ? `, booked ${p.booking.booked}/${p.booking.served}${p.booking.missing ? ` (${p.booking.missing} MISSING)` : ''}` : '';
    log(
      `    ${via}: ${p.completed} completed, ${p.lost} lost; chunk delay p50 ${p.delay.p50Ms.toFixed(2)} p99 ${p.delay.p99Ms.toFixed(2)} max ${p.delay.maxMs.toFixed(1)} ms ` +
        `over ${p.delay.chunks} chunks${p.delay.full ? '' : ' (never all open at once)'}; peak open ${p.peakOpen}; client CPU ${Math.round(p.clientCpuPct)} %, lag p99 ${p.clientLagP99Ms.toFixed(1)} ms${booked}`,
    );
    for (const line of p.lostSamples) log(`      ! ${line}`);
    if (p.peakOpen < s.streams)
      log(
        `    ${via}: only ${p.peakOpen} of ${s.streams} streams were ever open at once; the rest waited (first chunk p99 ${(p.firstChunkP99Ms / 1000).toFixed(1)} s)`,
      );
  }
  const [direct, gateway] = paths;
  const diff = (a: number, b: number): number | null => (Number.isFinite(a) && Number.isFinite(b) ? a - b : null);
  return {
    settings: s,
    chunks: chunksOf(s),
    paths,
    addedP50Ms: diff(gateway.delay.p50Ms, direct.delay.p50Ms),
    addedP99Ms: diff(gateway.delay.p99Ms, direct.delay.p99Ms),
  };
}

/**
 * Completed streams billing did not book, as report failures (a served call is a billed call).
 * Lost streams are not run failures but a target (issue 13: "zero streams lost"), shown met or
 * not met in the targets table, so a gateway that cannot carry the load still gets its figures.
 */
export function longStreamFailures(l: LongStreams | null): Failure[] {
  if (!l) return [];
  return l.paths
    .filter((p) => (p.booking?.missing ?? 0) > 0)
    .map((p) => ({
      scenario: 'long streams',
      target: p.via,
      round: 0,
      non2xx: Object.entries(p.statusCodes).reduce((n, [code, c]) => n + (code === '200' ? 0 : c), 0),
      errors: 0,
      statusCodes: p.statusCodes,
      samples: p.lostSamples,
      booking: bookingProblem(p.booking),
    }));
}

const ms = (v: number | null): string => (v === null || !Number.isFinite(v) ? '–' : Math.abs(v) < 10 ? v.toFixed(2) : v.toFixed(1));
const int = (v: number | null): string => (v === null || !Number.isFinite(v) ? '–' : Math.round(v).toLocaleString('en-US'));
const signed = (v: number | null): string => (v === null ? '–' : `${v >= 0 ? '+' : '−'}${ms(Math.abs(v))}`);

export function longStreamsMarkdown(l: LongStreams): string {
  const s = l.settings;
  const expected = s.streams * s.chunksPerSec;
  const lines = [
    `**Long streams**: ${int(s.streams)} concurrent streamed chat completions, ${int(l.chunks)} content chunks each at ${s.chunksPerSec}/s (${s.seconds} s), ` +
      `opened evenly over ${s.rampSec} s; the mock stamps each chunk with its send time (CLOCK_MONOTONIC µs), the client subtracts it from the chunk's arrival. ` +
      `Delays are over the chunks that arrived while all ${int(s.streams)} streams were open (marked * where that never happened: then over all chunks).`,
    '',
    '| Path | Streams done / lost | Chunk delay p50 / p99 / max ms | Chunks/s while all open (of ' +
      int(expected) +
      ') | Peak open | First chunk p50 / p99 ms | Proxy CPU | Mock CPU | Machine CPU | Client CPU / loop lag p99 |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  const pct = (v: number | null): string => (v === null ? '–' : `${Math.round(v)} %`);
  for (const p of l.paths) {
    lines.push(
      `| ${p.via} | ${int(p.completed)} / ${p.lost ? `**${int(p.lost)}**` : '0'} | ${ms(p.delay.p50Ms)} / ${ms(p.delay.p99Ms)} / ${ms(p.delay.maxMs)}${p.delay.full ? '' : ' *'} | ` +
        `${int(p.fullChunksPerSec)} | ${int(p.peakOpen)} | ${ms(p.firstChunkP50Ms)} / ${ms(p.firstChunkP99Ms)} | ${pct(p.proxyCpuPct)} | ${pct(p.mockCpuPct)} | ${pct(p.machineCpuPct)} | ${pct(p.clientCpuPct)} / ${ms(p.clientLagP99Ms)} ms |`,
    );
  }
  lines.push(`| *gateway adds over ${BASELINE_VIA}* | | ${signed(l.addedP50Ms)} / ${signed(l.addedP99Ms)} | | | | | | | |`);
  for (const p of l.paths) {
    if (p.peakOpen < s.streams)
      lines.push(
        '',
        `**${p.via}: only ${int(p.peakOpen)} of ${int(s.streams)} streams were ever open at once**; the others waited for a slot (first chunk p99 ${ms(p.firstChunkP99Ms / 1000)} s).`,
      );
    if (p.lost)
      lines.push(
        '',
        `**${p.via}: ${int(p.lost)} streams lost**, e.g.: ${p.lostSamples
          .slice(0, 3)
          .map((x) => `\`${x.replace(/`/g, "'").slice(0, 160)}\``)
          .join('; ')}`,
      );
  }
  const gw = l.paths.find((p) => p.via === 'gateway');
  if (gw) {
    const b = gw.booking;
    lines.push(
      '',
      `Gateway RSS: ${gw.gatewayRssIdleMiB ?? '–'} MiB idle (the lower of before and after the run), ${gw.gatewayRssOpenMiB ?? '–'} MiB with ${int(gw.peakInFlight)} requests in flight ` +
        `(${gw.peakInFlight === gw.peakOpen ? 'all streaming' : `at most ${int(gw.peakOpen)} of them streaming, the rest waiting in the gateway`}): ` +
        `**${gw.gatewayRssPerStreamKiB ?? '–'} KiB per open stream** (per request in flight). ` +
        (b
          ? `Billing booked ${int(b.booked)} usage rows for ${int(b.served)} completed streams${b.missing ? `: **${bookingProblem(b)}**` : ', every one'}.`
          : ''),
    );
  }
  return lines.join('\n');
}
