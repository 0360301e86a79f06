import { Agent, request } from 'node:http';
import { percentile, sortedCopy } from './stats';
import type { Target } from './targets';

export interface TtfbOutcome {
  ok: number;
  durationSec: number;
  /** Request sent → first body byte (the first SSE event), ms. */
  ttfbP50: number;
  ttfbP99: number;
  /** Request sent → end of the stream, ms. */
  totalP50: number;
  totalP99: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  errorSamples: string[];
  /** Date.now() when the first measured request was sent (after the warm-up). */
  measuredStartMs: number;
  /** x-request-id of every measured 2xx stream. */
  requestIds: string[];
}

interface One {
  status: number;
  requestId?: string;
  ttfb: number;
  total: number;
  body: string;
}

const msSince = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

function once(agent: Agent, target: Target, timeoutMs: number): Promise<One> {
  const url = new URL(target.url);
  const body = Buffer.from(target.body);
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...target.headers, 'content-length': body.length } },
      (res) => {
        let ttfb = -1;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          if (ttfb < 0) ttfb = msSince(t0);
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            requestId: [res.headers['x-request-id']].flat()[0],
            ttfb,
            total: msSince(t0),
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sequential streamed requests over one keep-alive connection: `warmup` discarded, then
 * `count` measured. A 2xx whose stream does not end in `data: [DONE]` counts as an error.
 */
export async function runTtfb(target: Target, count: number, warmup: number, timeoutMs = 10_000): Promise<TtfbOutcome> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const ttfbs: number[] = [];
  const totals: number[] = [];
  const statusCodes: Record<string, number> = {};
  const errorSamples: string[] = [];
  const sample = (s: string): void => {
    if (errorSamples.length < 5 && !errorSamples.includes(s)) errorSamples.push(s);
  };
  let non2xx = 0;
  let errors = 0;
  const requestIds: string[] = [];
  const started = Date.now();
  let measuredStartMs = started;
  try {
    for (let i = 0; i < warmup + count; i++) {
      const measured = i >= warmup;
      if (i === warmup) measuredStartMs = Date.now();
      try {
        const r = await once(agent, target, timeoutMs);
        if (!measured) continue;
        statusCodes[r.status] = (statusCodes[r.status] ?? 0) + 1;
        if (r.status < 200 || r.status >= 300) {
          non2xx++;
          sample(`HTTP ${r.status}: ${r.body.slice(0, 400)}`);
        } else if (!r.body.trimEnd().endsWith('data: [DONE]')) {
          errors++;
          sample(`stream did not end with [DONE]: ...${r.body.slice(-300)}`);
        } else {
          ttfbs.push(r.ttfb);
          totals.push(r.total);
          if (r.requestId) requestIds.push(r.requestId);
        }
      } catch (err) {
        if (!measured) throw err;
        errors++;
        sample(`request error: ${(err as Error).message}`);
      }
    }
  } finally {
    agent.destroy();
  }
  const t = sortedCopy(ttfbs);
  const all = sortedCopy(totals);
  return {
    ok: ttfbs.length,
    durationSec: (Date.now() - started) / 1000,
    ttfbP50: percentile(t, 50),
    ttfbP99: percentile(t, 99),
    totalP50: percentile(all, 50),
    totalP99: percentile(all, 99),
    non2xx,
    errors,
    statusCodes,
    errorSamples,
    measuredStartMs,
    requestIds,
  };
}
