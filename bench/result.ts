import type { Booking } from './booking';

/** One measured run of one scenario against one target in one round. */
export interface RunResult {
  scenario: string;
  target: string;
  via: string;
  round: number;
  connections: number;
  /** Successful (2xx) responses measured. */
  ok: number;
  durationSec: number;
  /** 2xx responses per second; null for sequential TTFB runs. */
  rps: number | null;
  /** Latency of the whole response (load runs) or time to first body byte (TTFB runs), ms. */
  p50: number;
  p99: number;
  /** TTFB runs: the whole streamed response, ms. */
  totalP50?: number;
  totalP99?: number;
  non2xx: number;
  /** Socket errors, timeouts, resets and body mismatches together. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** First few non-2xx bodies and request errors, verbatim. */
  errorSamples: string[];
  /** Highest gateway VmRSS sampled during the run, KiB. */
  gatewayRssPeakKb: number | null;
  /** CPU of the path's own process (floor proxy, gateway, Portkey; none for direct) during the measured run, % of one core. */
  proxyCpuPct: number | null;
  /** Busy CPU of the whole machine (client, proxy, mock, Redis, NATS...) per 2xx response, µs. */
  machineUsPerRequest: number | null;
  /** How long the run waited beforehand for the gateway to go quiet, ms. */
  settleMs: number;
  /** Machine CPU busy just before the run, with the bench idle, % of one core: other work on the machine. */
  backgroundCpuPct: number | null;
  /** How long the run waited beforehand for billing to book its backlog (the warm-up's, the previous run's), ms. */
  billingWaitMs: number;
  /** Whether billing was idle (nothing unacknowledged on the usage stream) when the run started. */
  billingIdleBefore: boolean;
  /** Through a metering path: what billing booked of this run, how fast, with what lag; null otherwise. */
  booking: Booking | null;
}

/** Served calls with no usage row (after the bounded wait) are failures: a served call is a billed call. */
export const unbooked = (r: { booking: Booking | null }): number => r.booking?.missing ?? 0;

export const failed = (r: RunResult): boolean => r.non2xx > 0 || r.errors > 0 || unbooked(r) > 0;

/** "not all booked within 60 s: 12 of 18,000 served calls have no usage row (e.g. req_…)", or null. */
export function bookingProblem(b: Booking | null): string | null {
  if (!b || b.missing === 0) return null;
  const sample = b.missingSample.length ? ` (e.g. ${b.missingSample.join(', ')})` : '';
  const noId = b.unidentified ? `; ${b.unidentified} of them had no x-request-id` : '';
  return `not all booked within ${Math.round(b.waitLimitMs / 1000)} s: ${b.missing.toLocaleString('en-US')} of ${b.served.toLocaleString('en-US')} served calls have no usage row${noId}${sample}`;
}
