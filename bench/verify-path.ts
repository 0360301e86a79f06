/**
 * What one key verification costs over NATS: auth.keys.verify.v1 round trips from a plain Bus
 * client (the gateway's side) to auth running as its own process, at concurrency 1 and 64. This
 * is the request every gateway sends on a principal-cache miss, so auth's responder is on the
 * path of every uncached API call.
 *
 *   npm run build && node dist/bench/verify-path.js [seconds per run=5] [rounds=3]
 *   VERIFY_AUTH_ENTRY=apps/auth-before/src/main.js,apps/auth/src/main.js node dist/bench/verify-path.js
 *     (two builds side by side: copy dist/apps/auth to dist/apps/auth-before before the change, rebuild after)
 *
 * Needs Postgres and NATS (DATABASE_URL, NATS_URL or their defaults). Makes its own database,
 * NATS prefix, tenant and key; drops them at the end. Prints one JSON line per figure.
 */
import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase, withDatabase } from '@tollgate/db';
import { digestApiKey } from '@tollgate/keys';
import { Bus } from '@tollgate/messaging';
import { Children } from './children';
import { freePorts } from './ports';
import { median, percentile, sortedCopy } from './stats';

const env = process.env;
const HOST = '127.0.0.1';
const PG_URL = env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const NATS_URL = env.NATS_URL ?? 'nats://127.0.0.1:4222';
const WARMUP_MS = 1_000;

export interface VerifyFigures {
  concurrency: number;
  requests: number;
  perSecond: number;
  p50Us: number;
  p99Us: number;
}

/** `concurrency` callers, each sending its next verify as soon as the last answered, for `ms`. */
async function load(bus: Bus, digest: string, concurrency: number, ms: number): Promise<VerifyFigures> {
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + ms;
  const caller = async (): Promise<void> => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const reply = await bus.request('keysVerify', { digest }, 5_000);
      if (!reply.ok) throw new Error(`verify refused the bench key: ${reply.reason}`);
      latencies.push((performance.now() - t0) * 1000);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  const elapsed = (performance.now() - start) / 1000;
  const sorted = sortedCopy(latencies);
  return {
    concurrency,
    requests: latencies.length,
    perSecond: Math.round(latencies.length / elapsed),
    p50Us: Math.round(percentile(sorted, 50)),
    p99Us: Math.round(percentile(sorted, 99)),
  };
}

async function admin<T>(url: string, token: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Target {
  entry: string;
  bus: Bus;
  digest: string;
  results: VerifyFigures[][];
}

/** What every auth build under test shares: the run's id, its database and admin token. */
interface VerifyRun {
  id: string;
  databaseUrl: string;
  token: string;
}

/** Starts auth from `entry` (compiled, under dist/) on its own NATS prefix, with a tenant and a key to verify. */
async function startTarget(children: Children, entry: string, i: number, { id, databaseUrl, token }: VerifyRun): Promise<Target> {
  const [authPort] = await freePorts(1);
  const prefix = `bench_${id}_${i}`;
  const spec = {
    name: `auth-${i}`,
    entry,
    env: {
      DATABASE_URL: databaseUrl,
      NATS_URL,
      NATS_PREFIX: prefix,
      ADMIN_TOKEN: token,
      LOG_LEVEL: 'warn',
      AUTH_ADMIN_PORT: String(authPort),
      REDIS_URL: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: `bench:${id}:${i}:`,
    },
    health: `http://${HOST}:${authPort}/health/ready`,
  };
  children.start(spec, (name, code) => console.error(`${name} exited (${code})`));
  await children.waitHealthy(spec);
  const authUrl = `http://${HOST}:${authPort}`;
  const tenant = await admin<{ id: string }>(authUrl, token, '/admin/tenants', { name: `verify-bench-${i}` });
  const { key } = await admin<{ key: string }>(authUrl, token, `/admin/tenants/${tenant.id}/keys`, { label: 'verify-bench' });
  const bus = await Bus.connect({ url: NATS_URL, prefix, name: 'verify-bench' });
  return { entry, bus, digest: digestApiKey(key), results: [] };
}

/** Each round runs every build once per concurrency, the order reversed every other round, so drift on the machine hits them alike. */
async function measure(targets: Target[], seconds: number, rounds: number): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    for (const t of r % 2 ? [...targets].reverse() : targets) {
      for (const [i, concurrency] of [1, 64].entries()) {
        await load(t.bus, t.digest, concurrency, WARMUP_MS);
        (t.results[i] ??= []).push(await load(t.bus, t.digest, concurrency, seconds * 1000));
      }
    }
  }
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 5);
  const rounds = Number(process.argv[3] ?? 3);
  // VERIFY_AUTH_ENTRY: builds of auth under dist/ to compare, comma-separated (e.g. a copy made before a change).
  const entries = (env.VERIFY_AUTH_ENTRY ?? 'apps/auth/src/main.js')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const id = `v${randomBytes(5).toString('hex')}`;
  const dbName = `tollgate_bench_${id}`;
  const adminUrl = withDatabase(PG_URL, 'postgres');
  const token = `bench-admin-${randomBytes(16).toString('hex')}`;
  const children = new Children();
  const targets: Target[] = [];
  await createDatabase(adminUrl, dbName);
  try {
    // One after another: each applies auth's migrations on start.
    for (const [i, entry] of entries.entries()) targets.push(await startTarget(children, entry, i, { id, databaseUrl: withDatabase(PG_URL, dbName), token }));
    await measure(targets, seconds, rounds);
    for (const t of targets) {
      for (const runs of t.results) {
        const pick = (f: (v: VerifyFigures) => number) => Math.round(median(runs.map(f)));
        console.log(
          JSON.stringify({
            auth: t.entry,
            subject: 'auth.keys.verify.v1',
            concurrency: runs[0].concurrency,
            rounds,
            seconds,
            perSecond: pick((v) => v.perSecond),
            p50Us: pick((v) => v.p50Us),
            p99Us: pick((v) => v.p99Us),
          }),
        );
      }
    }
  } finally {
    await Promise.all(targets.map((t) => t.bus.close()));
    await children.stopAll();
    await dropDatabase(adminUrl, dbName);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
