import autocannon from 'autocannon';
import { percentile, sortedCopy } from './stats';
import type { Target } from './targets';

export interface LoadOutcome {
  ok: number;
  durationSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  errorSamples: string[];
  /** With `collectIds`: the x-request-id of every 2xx response (the usage event billing books under it). */
  requestIds: string[];
}

/** A response header by name, whatever case the server sent it in. */
function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const v = headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;
}

const MAX_SAMPLES = 5;

/**
 * A closed-loop autocannon run at fixed concurrency. Latencies are taken from autocannon's
 * per-response times (float ms, 2xx only) rather than its histogram, which has 1 ms resolution.
 */
export function runLoad(target: Target, connections: number, durationSec: number, collectIds = false): Promise<LoadOutcome> {
  const latencies: number[] = [];
  const requestIds: string[] = [];
  const errorSamples: string[] = [];
  const sample = (s: string): void => {
    if (errorSamples.length < MAX_SAMPLES && !errorSamples.includes(s)) errorSamples.push(s);
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        method: 'POST',
        headers: target.headers,
        body: target.body,
        connections,
        pipelining: 1,
        duration: durationSec,
        timeout: 10,
        requests: [
          {
            onResponse: (status: number, body: string, _context: unknown, headers?: Record<string, unknown>) => {
              if (status < 200 || status >= 300) sample(`HTTP ${status}: ${body.slice(0, 400)}`);
              else if (collectIds) {
                const id = header(headers, 'x-request-id');
                if (id) requestIds.push(id);
              }
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err instanceof Error ? err : new Error(String(err)));
        const sorted = sortedCopy(latencies);
        const statusCodes: Record<string, number> = {};
        for (const [code, s] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = (s as { count: number }).count;
        resolve({
          ok: latencies.length,
          durationSec: result.duration,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          non2xx: result.non2xx,
          errors: result.errors + result.mismatches,
          timeouts: result.timeouts,
          statusCodes,
          errorSamples,
          requestIds,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
    instance.on('reqError', (err: unknown) => {
      const e = err as { code?: string; message?: string };
      sample(`request error: ${e.code ?? ''} ${e.message ?? String(err)}`.trim());
    });
  });
}
