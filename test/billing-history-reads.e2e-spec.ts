/**
 * Reads that run on every request or every pass of a periodic job cost what they return, not the size of a
 * tenant's history: each test counts the rows and index entries its own transaction read (Postgres's
 * per-transaction counters), against a history far larger than the answer.
 */
import { randomUUID } from 'node:crypto';
import type { BillingConfig } from '../apps/billing/src/config';
import { PrismaService, Tx } from '../apps/billing/src/infra/prisma.service';
import { LedgerRepository } from '../apps/billing/src/ledger/ledger.repository';
import { LedgerService } from '../apps/billing/src/ledger/ledger.service';
import { PromotionsRepository } from '../apps/billing/src/promotions/promotions.repository';
import { StatementsRepository } from '../apps/billing/src/statements/statements.repository';
import { PricedUsage, UsageBookingRepository } from '../apps/billing/src/usage/usage-booking.repository';
import { UsageRepository } from '../apps/billing/src/usage/usage.repository';
import { asTenantId } from '@tollgate/contracts';
import { createTestEnv, TestEnv } from './support/env';
import { BillingDb } from './support/billing-stack';

jest.setTimeout(120_000);

/** Rows and index entries this transaction read from these tables (sequential scans and every index of each). */
async function readFrom(tx: Tx, tables: string[]): Promise<number> {
  const names = tables.map((t) => `billing.${t}`);
  const [r] = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT (SELECT COALESCE(SUM(pg_stat_get_xact_tuples_returned(c.oid)), 0) FROM unnest(${names}::text[]) AS t(name) JOIN pg_class c ON c.oid = t.name::regclass)
         + (SELECT COALESCE(SUM(pg_stat_get_xact_tuples_returned(i.indexrelid)), 0) FROM unnest(${names}::text[]) AS t(name) JOIN pg_index i ON i.indrelid = t.name::regclass)
      AS n`;
  return Number(r.n);
}

/** `calls` charged calls of `cost` micro-units spread evenly over [from, to): request logs, usage debits and the account's balance. */
async function history(db: BillingDb, tenant: string, calls: number, span: { from: string; to: string }, cost = 1000): Promise<void> {
  await db.query(`INSERT INTO accounts (code, tenant_id) VALUES ($1, $2::uuid) ON CONFLICT (code) DO NOTHING`, [`tenant:${tenant}`, tenant]);
  await db.query(
    `INSERT INTO usage_records (request_id, tenant_id, key_id, model, prompt_tokens, completion_tokens, status, latency_ms, cost_micros, occurred_at)
     SELECT $1 || '-' || $4::text || '-' || g, $1::uuid, $1::uuid, 'tollgate-fast', 10, 10, 200, 100, $5,
            $2::timestamptz + (g - 1) * (($3::timestamptz - $2::timestamptz) / $4)
     FROM generate_series(1, $4::int) g`,
    [tenant, span.from, span.to, calls, cost],
  );
  await db.query(
    `WITH t AS (
       INSERT INTO ledger_transactions (tenant_id, kind, request_id, reference, actor, posted_at)
       SELECT tenant_id, 'usage', request_id, model, 'usage', occurred_at FROM usage_records
       WHERE tenant_id = $1::uuid AND occurred_at >= $2 AND occurred_at < $3 ORDER BY seq RETURNING id, posted_at)
     INSERT INTO ledger_entries (transaction_id, account_code, amount_micros, posted_at)
     SELECT t.id, leg.account, leg.sign * $4::bigint, t.posted_at FROM t CROSS JOIN (VALUES ('tenant:' || $1, -1), ('revenue', 1)) AS leg(account, sign)`,
    [tenant, span.from, span.to, cost],
  );
  await db.query(
    `UPDATE accounts SET balance_micros = (SELECT SUM(amount_micros) FROM ledger_entries WHERE account_code = $1), version = version + 1 WHERE code = $1`,
    [`tenant:${tenant}`],
  );
}

/** Runs `fn` against repositories bound to one transaction, then says how much it read from `tables`. */
async function measured<T>(prisma: PrismaService, tables: string[], fn: (tx: Tx, inOne: PrismaService) => Promise<T>): Promise<{ result: T; read: number }> {
  return prisma.$transaction(
    async (tx) => {
      // month() opens its own transaction: here it runs inside this one, so its reads are counted too.
      const inOne = { $queryRaw: tx.$queryRaw.bind(tx), $transaction: (f: (t: Tx) => Promise<unknown>) => f(tx) } as unknown as PrismaService;
      // The counters can still hold this connection's earlier transactions (stats not yet flushed): count the difference.
      const start = await readFrom(tx, tables);
      const result = await fn(tx, inOne);
      return { result, read: (await readFrom(tx, tables)) - start };
    },
    { timeout: 60_000 },
  );
}

/** A billing database of a describe's own: env, a direct connection for fixtures, and Prisma for the repositories. */
interface Opened {
  env: TestEnv;
  db: BillingDb;
  prisma: PrismaService;
}

async function open(): Promise<Opened> {
  const env = await createTestEnv();
  const db = await BillingDb.open(env);
  return { env, db, prisma: new PrismaService({ DATABASE_URL: env.databaseUrl } as BillingConfig) };
}

async function close(o: Opened | undefined): Promise<void> {
  await o?.prisma.$disconnect();
  await o?.db.close();
  await o?.env.drop();
}

describe('billing: reads bounded by what they return, not by history', () => {
  let opened: Opened | undefined;
  let db: BillingDb;
  let prisma: PrismaService;
  const tenant = randomUUID();

  beforeAll(async () => {
    opened = await open();
    ({ db, prisma } = opened);
    // A year of history (20,000 calls, Jan-Nov 2025), then a quiet December (200 calls), and another tenant's calls.
    await history(db, tenant, 20_000, { from: '2025-01-01T00:00:00Z', to: '2025-12-01T00:00:00Z' });
    await history(db, tenant, 200, { from: '2025-12-01T00:00:00Z', to: '2025-12-31T00:00:00Z' });
    await history(db, randomUUID(), 5_000, { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' });
    await db.query('ANALYZE usage_records');
    await db.query('ANALYZE ledger_entries');
    await db.query('ANALYZE ledger_transactions');
  });

  afterAll(() => close(opened));

  it("lists a tenant's statement months by a lookup per month, not by reading every call and entry", async () => {
    const { result, read } = await measured(prisma, ['usage_records', 'ledger_entries'], (_tx, inOne) =>
      new StatementsRepository(inOne).activeMonths(asTenantId(tenant), 'UTC'),
    );
    expect(result).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2025-${m}`));
    // Before: every one of the tenant's 20,200 calls and 20,200 entries.
    expect(read).toBeLessThan(200);
  });

  it("builds a month's statement from that month's rows: the opening balance does not sum the whole history", async () => {
    const from = new Date('2025-12-01T00:00:00Z');
    const { result, read } = await measured(prisma, ['usage_records', 'ledger_entries', 'ledger_transactions'], (_tx, inOne) =>
      new StatementsRepository(inOne).month(asTenantId(tenant), from, new Date('2026-01-01T00:00:00Z'), 'UTC'),
    );
    expect(result.opening).toBe(-20_000n * 1000n);
    expect(result.entries).toHaveLength(200);
    expect(result.usage.reduce((n, u) => n + u.requests, 0n)).toBe(200n);
    // December's 200 calls are read a few times over (entries, their transactions, records, debits); before, the
    // opening balance alone read the 20,000 earlier entries.
    expect(read).toBeLessThan(5_000);
  });

  it("pages a quiet tenant's request logs by its own rows, not past other tenants' newer ones", async () => {
    // The other tenant's 5,000 calls were recorded after all of this tenant's.
    const { result, read } = await measured(prisma, ['usage_records'], (tx) =>
      new UsageRepository(tx as unknown as PrismaService).logs(asTenantId(tenant), { limit: 50 }, null),
    );
    expect(result).toHaveLength(51);
    expect(result.every((r) => r.tenantId === tenant)).toBe(true);
    expect(result[0].occurredAt.toISOString() >= '2025-12-01').toBe(true);
    // Before: 5,051 (the other tenant's 5,000 newer rows, walked on the global seq index). The page's 51 rows are
    // read once or twice, plus what the planner probes at the ends of the index.
    expect(read).toBeLessThan(1_000);
  });

  it("lists a quiet tenant's ledger, page by page, by its own entries, not past other tenants' newer ones", async () => {
    // The other tenant's 5,000 calls (10,000 entries with their counter legs) were booked after all of this tenant's.
    const code = `tenant:${tenant}`;
    const newest = await db.query<{ id: string }>(`SELECT e.id::text AS id FROM ledger_entries e WHERE e.account_code = $1 ORDER BY e.id DESC LIMIT 100`, [
      code,
    ]);
    const page = (before?: string) =>
      measured(prisma, ['ledger_entries', 'ledger_transactions'], (tx) => {
        const inTx = tx as unknown as PrismaService;
        return new LedgerService(inTx, new LedgerRepository(inTx), null as never, { CURRENCY: 'USD' } as BillingConfig).entries(asTenantId(tenant), 50, before);
      });
    const first = await page();
    const second = await page(first.result.nextCursor ?? undefined);
    expect([...first.result.data, ...second.result.data].map((e) => e.id)).toEqual(newest.map((r) => r.id));
    expect(first.result.data[0]).toEqual(expect.objectContaining({ kind: 'usage', amountMicros: -1000, actor: 'usage', reason: null }));
    expect(first.result.data.every((e) => e.requestId?.startsWith(tenant))).toBe(true);
    expect(first.result.nextCursor).toBe(first.result.data[49].id);
    // Each page reads its 50 entries and their 50 transactions (index entry and row each). Before: 10,150 for the
    // first page, the primary key walked backwards past the other tenant's 10,000 newer entries.
    expect(first.read).toBeLessThan(1_000);
    expect(second.read).toBeLessThan(1_000);
  });

  it('finds the promotional grants due without reading the ones already expired', async () => {
    const other = randomUUID();
    await db.query(
      `INSERT INTO promo_grants (id, tenant_id, amount_micros, granted_at, expires_at, transaction_id, reason, actor, idempotency_key, request_hash, expired_micros, expired_at)
       SELECT gen_random_uuid(), $1, 1000, now() - interval '400 days', now() - interval '300 days' + g * interval '1 minute', -g, 'old', 'test', 'k' || g, 'h', 0, now()
       FROM generate_series(1, 5000) g`,
      [other],
    );
    const due = randomUUID();
    await db.query(
      `INSERT INTO promo_grants (id, tenant_id, amount_micros, granted_at, expires_at, transaction_id, reason, actor, idempotency_key, request_hash)
       VALUES (gen_random_uuid(), $1, 1000, now() - interval '2 days', now() - interval '1 day', -10001, 'due', 'test', 'due', 'h')`,
      [due],
    );
    await db.query('ANALYZE promo_grants');
    const { result, read } = await measured(prisma, ['promo_grants'], (tx) => new PromotionsRepository(tx as unknown as PrismaService).tenantsDue(new Date()));
    expect(result).toEqual([due]);
    // Before: the 5,000 processed grants, every pass.
    expect(read).toBeLessThan(50);
  });
});

/** One charged call of `cost` micro-units as billing's consumer hands it to the booking. */
function pricedCall(cost: number): PricedUsage {
  return {
    request_id: `req_${randomUUID()}`,
    key_id: randomUUID(),
    key_label: null,
    model: 'tollgate-fast',
    provider: null,
    upstream_model: null,
    prompt_tokens: 10,
    completion_tokens: 10,
    cached_tokens: 0,
    status: 200,
    latency_ms: 5,
    ttft_ms: null,
    estimated: false,
    stream: false,
    cost_micros: String(cost),
    gateway_cost_micros: String(cost),
    price_id: null,
    tier_id: null,
    cost_price_id: null,
    upstream_cost_micros: '0',
    occurred_at: new Date().toISOString(),
    hold_micros: null,
  };
}

describe("billing: booking a batch reads the ledger's index, whatever the ledger's size", () => {
  let opened: Opened | undefined;
  let db: BillingDb;
  let prisma: PrismaService;
  const tenant = randomUUID();

  beforeAll(async () => {
    opened = await open();
    ({ db, prisma } = opened);
    // A young ledger: 8,000 calls booked.
    await history(db, tenant, 8_000, { from: '2025-01-01T00:00:00Z', to: '2025-12-01T00:00:00Z' });
    await db.query('ANALYZE ledger_transactions');
  });

  afterAll(() => close(opened));

  it("books a batch of calls by looking up each call's request id, not by reading the whole ledger", async () => {
    const calls = Array.from({ length: 30 }, () => pricedCall(1000));
    const booked = await measured(prisma, ['ledger_transactions'], (tx) =>
      new UsageBookingRepository(tx as unknown as PrismaService).book(asTenantId(tenant), calls),
    );
    expect(booked.result.inserted).toBe(30);
    // Each call's request id is looked up once in the ledger's unique index (the exactly-once check). Before: for a
    // ledger of up to some 30,000 transactions the planner chose a hash anti-join that read every one of them on every
    // booking (the bench starts from an empty ledger: 4 ms of Postgres per batch of 30 at 6,000).
    expect(booked.read).toBeLessThan(500);
  });
});
