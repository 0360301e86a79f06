import { Pool } from 'undici';
import { runLoad } from './load';
import { memoryOf } from './rss';
import type { RunningStack } from './stack';
import type { Target } from './targets';

export interface Extras {
  /** 1,000 streams opened at once through the gateway, then its RSS once they are done. */
  streams: { requested: number; completed: number; rssBeforeMiB: number | null; rssPeakMiB: number | null; rssAfterMiB: number | null };
  /** Plain requests at 32 connections on one gateway process, then 16 + 16 on two (one core each at best). */
  scaling: { oneRps: number; twoRps: number; ratio: number };
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

  const one = await runLoad(plain, 32, durationSec);
  const [a, b] = await Promise.all([runLoad(plain, 16, durationSec), runLoad(secondGateway, 16, durationSec)]);
  const oneRps = one.ok / one.durationSec;
  const twoRps = a.ok / a.durationSec + b.ok / b.durationSec;
  return {
    streams: { requested: 1000, completed, rssBeforeMiB: mib(before?.rssKb), rssPeakMiB: mib(peak), rssAfterMiB: mib(after?.rssKb) },
    scaling: { oneRps: Math.round(oneRps), twoRps: Math.round(twoRps), ratio: Math.round((twoRps / oneRps) * 100) / 100 },
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
      'The load generator, mocks, Redis and NATS share the same 2 cores, so this is a lower bound.',
  ].join('\n');
}
