/**
 * How fast billing books usage on its own: the usage stream is filled with gateway-shaped batches
 * (100 events each) while billing is stopped, then billing starts and drains it. Booked events per
 * second = events ÷ (last booking − first booking), from billing's own created_at column.
 *
 *   npm run build && node dist/bench/booking-capacity.js [events=60000] [tenants=20] [events per message=100]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { Streams, streamName, usageBatchId, UsageRecorded } from '@tollgate/contracts';
import { createDatabase, dropDatabase, migrateService, withDatabase } from '@tollgate/db';
import { Bus, ensureUsageStream } from '@tollgate/messaging';

const env = process.env;
const PG_URL = env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = env.NATS_URL ?? 'nats://127.0.0.1:4222';
const ROOT = join(__dirname, '..', '..');

function event(tenantId: string, i: number): UsageRecorded {
  return {
    requestId: `req_${randomUUID().replace(/-/g, '')}`,
    occurredAt: new Date().toISOString(),
    tenantId,
    keyId: '00000000-0000-4000-8000-00000000000a',
    keyLabel: 'capacity',
    model: 'bench-model',
    provider: 'bench-mock',
    upstreamModel: 'gpt-4.1-mini',
    promptTokens: 20 + (i % 50),
    completionTokens: 10 + (i % 30),
    cachedTokens: 0,
    estimated: false,
    stream: false,
    status: 200,
    latencyMs: 3,
    ttftMs: null,
    costMicros: 100,
  };
}

interface Run {
  id: string;
  databaseUrl: string;
  total: number;
  tenantCount: number;
}

async function seedPrice(pg: Client): Promise<void> {
  await pg.query(
    `INSERT INTO billing.prices (id, model, input_per_million, cached_input_per_million, output_per_million, effective_from, created_by)
      VALUES ($1, 'bench-model', 1000000, 250000, 4000000, '2020-01-01', 'capacity')`,
    [randomUUID()],
  );
}

/** Publishes `total` events in batches of `perMessage`, spread over the tenants, at most 200 publishes in flight. */
async function fillStream(bus: Bus, run: Run, perMessage: number): Promise<void> {
  const { total, tenantCount } = run;
  const tenants = Array.from({ length: tenantCount }, () => randomUUID());
  await ensureUsageStream(bus);
  const sends: Promise<void>[] = [];
  for (let i = 0; i < total; i += perMessage) {
    const batch = Array.from({ length: Math.min(perMessage, total - i) }, (_, j) => event(tenants[(Math.floor(i / perMessage) + j) % tenantCount], i + j));
    sends.push(bus.publishDurable('usageBatch', { events: batch }, usageBatchId(batch)));
    if (sends.length >= 200) await Promise.all(sends.splice(0));
  }
  await Promise.all(sends);
}

function startBilling({ id, databaseUrl }: Run): ReturnType<typeof spawn> {
  return spawn(process.execPath, [join(ROOT, 'dist', 'apps', 'billing', 'src', 'main.js')], {
    env: {
      ...env,
      DATABASE_URL: databaseUrl,
      NATS_URL,
      REDIS_URL,
      NATS_PREFIX: id,
      REDIS_PREFIX: `${id}:`,
      ADMIN_TOKEN: randomBytes(16).toString('hex'),
      BILLING_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
}

/** Until every event has its usage row, at most 10 minutes from `started`. */
async function awaitBooked(pg: Client, total: number, started: number): Promise<void> {
  for (;;) {
    const { rows } = await pg.query<{ n: string }>('SELECT COUNT(*)::text AS n FROM billing.usage_records');
    if (Number(rows[0].n) >= total) break;
    if (Date.now() - started > 600_000) throw new Error(`only ${rows[0].n} of ${total} booked in 10 minutes`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function report(pg: Client, { total, tenantCount }: Run, started: number): Promise<void> {
  const { rows } = await pg.query<{ span: number; debits: string }>(
    `SELECT EXTRACT(EPOCH FROM MAX(created_at) - MIN(created_at))::float8 AS span,
              (SELECT COUNT(*) FROM billing.ledger_transactions WHERE kind = 'usage')::text AS debits FROM billing.usage_records`,
  );
  const rate = Math.round(total / rows[0].span);
  process.stdout.write(
    `booked ${total} events (${rows[0].debits} ledger debits) of ${tenantCount} tenant(s) in ${rows[0].span.toFixed(2)} s: ${rate} events/s; ${((Date.now() - started) / 1000).toFixed(1)} s including billing's start\n`,
  );
}

/** Removes what the run made: its streams (usage, and the alerts stream billing makes), its Redis keys (billing's prefix) and its database. */
async function cleanUp(bus: Bus, id: string, adminUrl: string, dbName: string): Promise<void> {
  const jsm = await bus.nc.jetstreamManager();
  for (const { name } of Object.values(Streams)) await jsm.streams.delete(streamName(id, name)).catch(() => false);
  await bus.close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${id}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await dropDatabase(adminUrl, dbName);
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 60_000);
  const tenantCount = Number(process.argv[3] ?? 20);
  const perMessage = Number(process.argv[4] ?? 100);
  const id = `c${randomBytes(4).toString('hex')}`;
  const dbName = `tollgate_capacity_${id}`;
  const adminUrl = withDatabase(PG_URL, 'postgres');
  const run: Run = { id, databaseUrl: withDatabase(PG_URL, dbName), total, tenantCount };
  await createDatabase(adminUrl, dbName);
  const bus = await Bus.connect({ url: NATS_URL, prefix: id, name: 'capacity' });
  const pg = new Client({ connectionString: run.databaseUrl });
  let child: ReturnType<typeof spawn> | null = null;
  try {
    await migrateService(run.databaseUrl, 'billing');
    await pg.connect();
    await seedPrice(pg);
    await fillStream(bus, run, perMessage);
    process.stdout.write(`stream holds ${total} events of ${tenantCount} tenant(s); starting billing\n`);
    const started = Date.now();
    child = startBilling(run);
    await awaitBooked(pg, total, started);
    await report(pg, run, started);
  } finally {
    child?.kill('SIGKILL');
    await pg.end().catch(() => undefined);
    await cleanUp(bus, id, adminUrl, dbName);
  }
}

main().catch((err: Error) => {
  process.stderr.write(`booking capacity failed: ${err.message}\n`);
  process.exit(1);
});
