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
}

const MAX_SAMPLES = 5;

/**
 * A closed-loop autocannon run at fixed concurrency. Latencies are taken from autocannon's
 * per-response times (float ms, 2xx only) rather than its histogram, which has 1 ms resolution.
 */
export function runLoad(target: Target, connections: number, durationSec: number): Promise<LoadOutcome> {
  const latencies: number[] = [];
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
            onResponse: (status: number, body: string) => {
              if (status < 200 || status >= 300) sample(`HTTP ${status}: ${body.slice(0, 400)}`);
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
