import { Pool } from 'undici';
import type { Booking } from './booking';
import { runLoad } from './load';
import { BILLING_IDLE_MAX_MS, BOOKED_WAIT_MS } from './measure';
import type { Failure } from './report';
import { bookingProblem } from './result';
import { memoryOf } from './rss';
import type { RunningStack } from './stack';
import type { Target } from './targets';

export interface Extras {
  /** 1,000 streams opened at once through the gateway, then its RSS once they are done. */
  streams: { requested: number; completed: number; rssBeforeMiB: number | null; rssPeakMiB: number | null; rssAfterMiB: number | null };
  /** Plain requests at 32 connections on one gateway process, then 16 + 16 on two (one core each at best). */
  scaling: {
    oneRps: number;
    twoRps: number;
    ratio: number;
    /** What billing booked of each: one gateway process, then the two together. */
    oneBooking: Booking;
    twoBooking: Booking;
  };
}

const mib = (kb: number | undefined): number | null => (kb === undefined || !Number.isFinite(kb) ? null : Math.round(kb / 102.4) / 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function streamBurst(target: Target, count: number): Promise<number> {
  const url = new URL(target.url);
  const pool = new Pool(url.origin, { connections: count, pipelining: 1 });
  try {
    const one = async (): Promise<boolean> => {
      const res = await pool.request({ path: url.pathname, method: 'POST', headers: target.headers, body: target.body });
      const text = await res.body.text();
      return res.statusCode === 200 && text.includes('data: [DONE]');
    };
    const outcomes = await Promise.allSettled(Array.from({ length: count }, one));
    return outcomes.filter((o) => o.status === 'fulfilled' && o.value).length;
  } finally {
    await pool.close();
  }
}

/** The two figures the table cannot show: memory after a burst of streams, and two-process scaling. */
export async function runExtras(stack: RunningStack, plain: Target, stream: Target, secondGateway: Target, durationSec: number): Promise<Extras> {
  const pid = stack.gatewayPid;
  await sleep(2000);
  const before = memoryOf(pid);
  let peak = before?.rssKb ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(pid)?.rssKb ?? 0)), 50);
  const completed = await streamBurst(stream, 1000);
  clearInterval(sampler);
  await sleep(10_000);
  const after = memoryOf(pid);

  // Billing books the burst's usage first, then each run's before the next starts.
  await stack.billing.waitIdle(BILLING_IDLE_MAX_MS);
  let startMs = Date.now();
  const one = await runLoad(plain, 32, durationSec, true);
  const oneBooking = await stack.billing.awaitBooked({ startMs, endMs: Date.now(), requestIds: one.requestIds, served: one.ok }, BOOKED_WAIT_MS);
  await stack.billing.waitIdle(BILLING_IDLE_MAX_MS);
  startMs = Date.now();
  const [a, b] = await Promise.all([runLoad(plain, 16, durationSec, true), runLoad(secondGateway, 16, durationSec, true)]);
  const twoBooking = await stack.billing.awaitBooked(
    { startMs, endMs: Date.now(), requestIds: [...a.requestIds, ...b.requestIds], served: a.ok + b.ok },
    BOOKED_WAIT_MS,
  );
  const oneRps = one.ok / one.durationSec;
  const twoRps = a.ok / a.durationSec + b.ok / b.durationSec;
  return {
    streams: { requested: 1000, completed, rssBeforeMiB: mib(before?.rssKb), rssPeakMiB: mib(peak), rssAfterMiB: mib(after?.rssKb) },
    scaling: { oneRps: Math.round(oneRps), twoRps: Math.round(twoRps), ratio: Math.round((twoRps / oneRps) * 100) / 100, oneBooking, twoBooking },
  };
}

export function extrasMarkdown(e: Extras, idleRssMiB: number | null): string {
  const s = e.streams;
  const within = idleRssMiB && s.rssAfterMiB ? Math.round(((s.rssAfterMiB - idleRssMiB) / idleRssMiB) * 100) : null;
  return [
    `1,000 concurrent streams through the gateway: ${s.completed} of ${s.requested} completed; gateway RSS ${s.rssBeforeMiB ?? '–'} MiB before, ` +
      `${s.rssPeakMiB ?? '–'} MiB peak, ${s.rssAfterMiB ?? '–'} MiB 10 s after` +
      (within === null ? '.' : ` (${within >= 0 ? '+' : ''}${within} % against idle after start).`),
    '',
    `Two gateway processes (same database, Redis and NATS; 16 connections each) against one at 32 connections, plain 0 ms: ` +
      `${e.scaling.oneRps.toLocaleString('en-US')} → ${e.scaling.twoRps.toLocaleString('en-US')} req/s (×${e.scaling.ratio}). ` +
      'The load generator, mocks, Redis and NATS share the same 2 cores, so this is a lower bound. ' +
      `Billing booked ${bookingWords(e.scaling.oneBooking)} with one process and ${bookingWords(e.scaling.twoBooking)} with two.`,
  ].join('\n');
}

const int = (v: number | null): string => (v === null || !Number.isFinite(v) ? '–' : Math.round(v).toLocaleString('en-US'));
const ms = (v: number | null): string => (v === null || !Number.isFinite(v) ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(1));

/** "3,410 ev/s (lag p50/p99 12.3 / 45.6 ms, kept up)" */
function bookingWords(b: Booking): string {
  const verdict = b.missing ? `**${bookingProblem(b)}**` : b.keptUp ? 'kept up' : `**fell behind**: ${Math.round((b.ratio ?? 0) * 100)} % of the served rate`;
  return `${int(b.bookedPerSec)} ev/s (lag p50/p99 ${ms(b.lagP50Ms)} / ${ms(b.lagP99Ms)} ms, ${verdict})`;
}

/** The extras' metered runs whose served calls billing did not all book, as report failures. */
export function extrasFailures(e: Extras | null): Failure[] {
  if (!e) return [];
  return (
    [
      ['scaling, one gateway process, 32 conns', e.scaling.oneBooking],
      ['scaling, two gateway processes, 16 + 16 conns', e.scaling.twoBooking],
    ] as const
  )
    .filter(([, b]) => b.missing > 0)
    .map(([scenario, b]) => ({ scenario, target: 'gateway', round: 0, non2xx: 0, errors: 0, statusCodes: {}, samples: [], booking: bookingProblem(b) }));
}
