import { Client } from 'pg';
import { connect, NatsConnection } from 'nats';
import { CpuMeter, cpuSecondsOf } from './rss';

/**
 * What billing did with one measured run's usage: did it book every call the load generator saw
 * served, how fast, and how long after each call ended. Figures come from billing's own table
 * (`billing.usage_records` in the bench database), not from billing's logs or metrics.
 */
export interface Booking {
  /** Calls the load generator saw succeed (2xx) in the measured window. */
  served: number;
  /** Served calls per second of the measured window (served ÷ (load stopped − first call)). */
  servedPerSec: number;
  /**
   * Usage rows booked for calls that started in the window. It may exceed `served` by the few
   * calls in flight when the load generator stopped (the gateway served and metered them; the
   * client had gone).
   */
  booked: number;
  /** booked ÷ (last booking − first call of the run), events/s; null when nothing was booked. */
  bookedPerSec: number | null;
  /** Per event: created_at − (occurred_at + latency_ms), i.e. call finished → row inserted, ms (percentile_cont). */
  lagP50Ms: number | null;
  lagP99Ms: number | null;
  /** Last booking of the run minus the moment the load stopped, ms: how long billing needed to catch up. */
  drainMs: number | null;
  /** bookedPerSec ÷ servedPerSec. */
  ratio: number | null;
  /** Every served call booked, at least KEPT_UP_RATIO as fast as served (or done within KEPT_UP_DRAIN_MS of the load stopping). */
  keptUp: boolean;
  /** Served calls (by their x-request-id) with no usage row when the wait ended. */
  missing: number;
  missingSample: string[];
  /** 2xx responses without an x-request-id header (cannot be looked up; counted as missing). */
  unidentified: number;
  /** How long the bench waited after the run for the rows, ms; and the bound. */
  waitedMs: number;
  waitLimitMs: number;
  /**
   * Billing's own CPU from the run's start until its booking ended (seconds of one core), and the
   * events it booked per such second: tells a starved billing (few CPU seconds) from a slow one
   * (many seconds per event). Null where /proc is not readable.
   */
  billingCpuSec: number | null;
  eventsPerBillingCpuSec: number | null;
  /** Usage messages JetStream redelivered during the run (billing acked too late: ack wait passed). */
  redelivered: number | null;
}

/** Billing's CPU and JetStream redeliveries when a run started (see BillingProbe.mark). */
export interface RunMark {
  cpuSec: number | null;
  redelivered: number | null;
}

/** One measured run's window on the wall clock (Date.now()) and the ids of the calls served in it. */
export interface RunWindow {
  startMs: number;
  endMs: number;
  requestIds: string[];
  /** 2xx responses seen, with or without an id. */
  served: number;
}

/**
 * Billing books "as fast as the gateway served" when its sustained rate is at least this share of
 * the served rate: the last batch's own lag (flush interval, insert) always ends the booking a
 * little after the load stops, so an exact ≥ would never hold. 0.9 means billing finished within
 * a tenth of the run's length after the load stopped.
 */
export const KEPT_UP_RATIO = 0.9;
/**
 * For runs too short for the ratio to mean much (the sequential TTFB run lasts well under a
 * second in a quick run): billing also kept up when its last booking came within this long of
 * the load stopping, i.e. no backlog had built up.
 */
export const KEPT_UP_DRAIN_MS = 250;

export interface BillingIdle {
  /** Time spent waiting for billing's backlog to be booked, ms. */
  waitedMs: number;
  /** Usage messages not yet acknowledged by billing when the wait ended (0: idle). */
  backlog: number | null;
  idle: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Watches billing while the bench runs: its usage rows in Postgres and its JetStream backlog.
 * One Postgres connection and one NATS connection for the whole run.
 */
export class BillingProbe {
  private constructor(
    private readonly pg: Client,
    private readonly nc: NatsConnection,
    private readonly stream: string,
    private readonly billingPid: number,
    private readonly tenantId: string,
  ) {}

  static async open(args: { databaseUrl: string; natsUrl: string; stream: string; billingPid: number; tenantId: string }): Promise<BillingProbe> {
    const pg = new Client({ connectionString: args.databaseUrl });
    await pg.connect();
    try {
      const found = await pg.query<{ t: string | null }>(`SELECT to_regclass('billing.usage_records')::text AS t`);
      if (!found.rows[0]?.t) throw new Error('billing.usage_records does not exist in the bench database');
      const nc = await connect({ servers: args.natsUrl, timeout: 3_000 });
      return new BillingProbe(pg, nc, args.stream, args.billingPid, args.tenantId);
    } catch (err) {
      await pg.end().catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.pg.end(), this.nc.close()]);
  }

  /** Usage messages on the stream that billing's consumers have not yet acknowledged (pending + in flight). */
  async backlog(): Promise<number | null> {
    try {
      const jsm = await this.nc.jetstreamManager();
      const consumers = await jsm.consumers.list(this.stream).next();
      return consumers.reduce((n, c) => n + c.num_pending + c.num_ack_pending, 0);
    } catch {
      return null;
    }
  }

  /** Billing's CPU seconds and the consumers' redelivery count now: call when a run starts. */
  async mark(): Promise<RunMark> {
    return { cpuSec: cpuSecondsOf(this.billingPid), redelivered: await this.redelivered() };
  }

  private async redelivered(): Promise<number | null> {
    try {
      const jsm = await this.nc.jetstreamManager();
      const consumers = await jsm.consumers.list(this.stream).next();
      // Every delivery takes a consumer sequence number; a redelivery takes one without a new stream message.
      return consumers.reduce((n, c) => n + c.delivered.consumer_seq - c.delivered.stream_seq, 0);
    } catch {
      return null;
    }
  }

  /**
   * Until billing is idle: nothing left unacknowledged on the usage stream and billing's process
   * under 5 % of a core over 250 ms (so a batch acknowledged but still being written counts as
   * busy). At most `maxMs`.
   */
  async waitIdle(maxMs: number): Promise<BillingIdle> {
    const started = Date.now();
    const cpu = new CpuMeter(this.billingPid);
    let backlog: number | null = null;
    for (;;) {
      await sleep(250);
      backlog = await this.backlog();
      const pct = cpu.lap();
      const idle = backlog === 0 && (pct === null || pct < 5);
      if (idle || Date.now() - started >= maxMs) return { waitedMs: Date.now() - started, backlog, idle };
    }
  }

  /**
   * After a measured run through a metering path: polls (every 200 ms, at most `waitLimitMs`)
   * until every served call has its usage row, then computes the run's booking figures in SQL.
   */
  async awaitBooked(run: RunWindow, waitLimitMs = 60_000, mark?: RunMark): Promise<Booking> {
    const started = Date.now();
    const ids = run.requestIds;
    let missing = { count: ids.length, sample: [] as string[] };
    for (;;) {
      const rows = await this.windowCount(run);
      if (rows >= ids.length) {
        missing = await this.missingOf(ids);
        if (missing.count === 0) break;
      }
      if (Date.now() - started >= waitLimitMs) {
        if (rows < ids.length) missing = await this.missingOf(ids);
        break;
      }
      await sleep(200);
    }
    const waitedMs = Date.now() - started;
    const cpuNow = cpuSecondsOf(this.billingPid);
    const redeliveredNow = mark ? await this.redelivered() : null;
    const f = await this.figures(run);
    const billingCpuSec = mark?.cpuSec != null && cpuNow !== null ? cpuNow - mark.cpuSec : null;
    const servedPerSec = run.served / Math.max(0.001, (run.endMs - run.startMs) / 1000);
    const bookedPerSec = f.n > 0 && f.lastMs !== null && f.lastMs > run.startMs ? f.n / ((f.lastMs - run.startMs) / 1000) : null;
    const ratio = bookedPerSec !== null && servedPerSec > 0 ? bookedPerSec / servedPerSec : null;
    const unidentified = run.served - ids.length;
    const allBooked = missing.count === 0 && unidentified === 0;
    const drainMs = f.lastMs === null ? null : f.lastMs - run.endMs;
    return {
      served: run.served,
      servedPerSec,
      booked: f.n,
      bookedPerSec,
      lagP50Ms: f.p50,
      lagP99Ms: f.p99,
      drainMs,
      ratio,
      keptUp: allBooked && ratio !== null && (ratio >= KEPT_UP_RATIO || (drainMs !== null && drainMs <= KEPT_UP_DRAIN_MS)),
      missing: missing.count + unidentified,
      missingSample: missing.sample,
      unidentified,
      waitedMs,
      waitLimitMs,
      billingCpuSec,
      eventsPerBillingCpuSec: billingCpuSec && f.n ? f.n / billingCpuSec : null,
      redelivered: mark?.redelivered != null && redeliveredNow !== null ? redeliveredNow - mark.redelivered : null,
    };
  }

  /**
   * Rows of calls that started in the window. `created_at >= start` (a row is booked after its
   * call started) lets Postgres use the (tenant_id, created_at) index.
   */
  private static readonly WINDOW = `FROM billing.usage_records WHERE tenant_id = $1::uuid AND created_at >= $2 AND occurred_at >= $2 AND occurred_at <= $3`;

  private async windowCount(run: RunWindow): Promise<number> {
    const r = await this.pg.query<{ n: number }>(`SELECT count(*)::int AS n ${BillingProbe.WINDOW}`, [
      this.tenantId,
      new Date(run.startMs),
      new Date(run.endMs),
    ]);
    return r.rows[0].n;
  }

  private async missingOf(ids: string[]): Promise<{ count: number; sample: string[] }> {
    if (ids.length === 0) return { count: 0, sample: [] };
    const r = await this.pg.query<{ n: number; sample: string[] | null }>(
      `SELECT count(*)::int AS n, (array_agg(id))[1:3] AS sample FROM unnest($1::text[]) AS id
       WHERE NOT EXISTS (SELECT 1 FROM billing.usage_records u WHERE u.request_id = id)`,
      [ids],
    );
    return { count: r.rows[0].n, sample: r.rows[0].sample ?? [] };
  }

  private async figures(run: RunWindow): Promise<{ n: number; lastMs: number | null; p50: number | null; p99: number | null }> {
    const r = await this.pg.query<{ n: number; last_ms: string | null; p50: string | null; p99: string | null }>(
      `SELECT count(*)::int AS n,
              extract(epoch FROM max(created_at)) * 1000 AS last_ms,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY lag_ms) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY lag_ms) AS p99
         FROM (SELECT created_at, extract(epoch FROM created_at - occurred_at) * 1000 - latency_ms AS lag_ms ${BillingProbe.WINDOW}) AS run`,
      [this.tenantId, new Date(run.startMs), new Date(run.endMs)],
    );
    const row = r.rows[0];
    return { n: row.n, lastMs: num(row.last_ms), p50: num(row.p50), p99: num(row.p99) };
  }
}
