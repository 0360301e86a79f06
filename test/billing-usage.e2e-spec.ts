import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { headers as natsHeaders, JSONCodec } from 'nats';
import { prefixed, Subjects, usageBatchId } from '@tollgate/contracts';
import { CreditStore, creditKeys } from '@tollgate/credit';
import { Bus } from '@tollgate/messaging';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import { CreditSyncService } from '../apps/billing/src/ledger/credit-sync.service';
import { createTestEnv, NATS_URL, REDIS_URL, TestEnv } from './support/env';
import { BillingDb, billingFor, everyTenantKnown, publishUsage, usageEvent, waitUntil } from './support/billing-stack';

describe('billing: usage into the ledger, exactly once', () => {
  let env: TestEnv;
  let billing: RunningBilling;
  let bus: Bus;
  let db: BillingDb;
  let redis: Redis;
  let credit: CreditStore;
  const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${billing.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${env.adminToken}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
  const booked = (requestId: string) => async () => (await db.count('usage_records', 'request_id = $1', [requestId])) === 1;

  beforeAll(async () => {
    env = await createTestEnv();
    billing = await billingFor(env);
    bus = await Bus.connect({ url: NATS_URL, prefix: env.natsPrefix, name: 'test-gateway' });
    everyTenantKnown(bus);
    db = await BillingDb.open(env);
    redis = new Redis(REDIS_URL, { keyPrefix: env.redisPrefix });
    credit = new CreditStore(redis);
    // Prices: 1 USD / M input, 0.25 USD / M cached input, 4 USD / M output.
    const res = await admin('/admin/prices', {
      method: 'POST',
      body: {
        model: 'tollgate-fast',
        inputPerMillion: 1_000_000,
        cachedInputPerMillion: 250_000,
        outputPerMillion: 4_000_000,
        effectiveFrom: '2020-01-01T00:00:00Z',
      },
    });
    expect(res.status).toBe(201);
  });

  afterAll(async () => {
    await bus?.close();
    await billing?.close();
    await db?.close();
    redis?.disconnect();
    await env?.drop();
  });

  it('debits a request once, even when the same event arrives twice', async () => {
    const tenant = randomUUID();
    const e = usageEvent(tenant, { promptTokens: 1000, completionTokens: 500 });
    await publishUsage(bus, [e]);
    await publishUsage(bus, [e]); // deduplicated by JetStream
    await publishUsage(bus, [e], `${e.requestId}-redelivered`); // reaches billing a second time
    const marker = usageEvent(tenant, { promptTokens: 0, completionTokens: 0 });
    await publishUsage(bus, [marker]);
    await waitUntil(booked(marker.requestId), 10_000, 'marker booked');
    expect(await db.count('ledger_transactions', 'request_id = $1', [e.requestId])).toBe(1);
    // 1000 input × 1 USD/M + 500 output × 4 USD/M = 0.001 + 0.002 USD
    expect(await db.entrySum(tenant)).toBe(-3000n);
    expect(await db.cachedBalance(tenant)).toBe(-3000n);
    const bal = (await (await admin(`/admin/tenants/${tenant}/balance`)).json()) as { balanceMicros: number };
    expect(bal.balanceMicros).toBe(-3000);
  });

  it('prices cached tokens at their own price, records estimated and failed requests', async () => {
    const tenant = randomUUID();
    const cached = usageEvent(tenant, { promptTokens: 1_000_000, cachedTokens: 400_000, completionTokens: 0, estimated: true, stream: true, ttftMs: 42 });
    const failed = usageEvent(tenant, { status: 502, promptTokens: 0, completionTokens: 0 });
    await publishUsage(bus, [cached, failed]);
    await waitUntil(async () => (await booked(cached.requestId)()) && (await booked(failed.requestId)()));
    const rows = await db.query<{ request_id: string; cost_micros: string; estimated: boolean; stream: boolean; status: number; ttft_ms: number | null }>(
      'SELECT request_id, cost_micros::text, estimated, stream, status, ttft_ms FROM usage_records WHERE tenant_id = $1',
      [tenant],
    );
    const byId = Object.fromEntries(rows.map((r) => [r.request_id, r]));
    // 600k uncached × 1 USD/M + 400k cached × 0.25 USD/M = 0.6 + 0.1 USD
    expect(byId[cached.requestId]).toMatchObject({ cost_micros: '700000', estimated: true, stream: true, ttft_ms: 42 });
    expect(byId[failed.requestId]).toMatchObject({ cost_micros: '0', status: 502 });
    expect(await db.count('ledger_transactions', 'request_id = $1', [failed.requestId])).toBe(0);
    expect(await db.entrySum(tenant)).toBe(-700000n);
  });

  it('an effective-dated price change applies from its date on and never re-prices past charges', async () => {
    const tenant = randomUUID();
    const before = usageEvent(tenant, { model: 'dated', promptTokens: 1_000_000, completionTokens: 0 });
    expect(
      (
        await admin('/admin/prices', {
          method: 'POST',
          body: { model: 'dated', inputPerMillion: 2_000_000, cachedInputPerMillion: 0, outputPerMillion: 0, effectiveFrom: '2020-01-01T00:00:00Z' },
        })
      ).status,
    ).toBe(201);
    await publishUsage(bus, [before]);
    await waitUntil(booked(before.requestId));
    const from = new Date(Date.now() + 60_000).toISOString();
    expect(
      (
        await admin('/admin/prices', {
          method: 'POST',
          body: { model: 'dated', inputPerMillion: 5_000_000, cachedInputPerMillion: 0, outputPerMillion: 0, effectiveFrom: from },
        })
      ).status,
    ).toBe(201);
    const stillOld = usageEvent(tenant, { model: 'dated', promptTokens: 1_000_000, completionTokens: 0 });
    const after = usageEvent(tenant, {
      model: 'dated',
      promptTokens: 1_000_000,
      completionTokens: 0,
      occurredAt: new Date(Date.now() + 120_000).toISOString(),
    });
    await publishUsage(bus, [stillOld, after]);
    await waitUntil(async () => (await booked(stillOld.requestId)()) && (await booked(after.requestId)()));
    const cost = async (id: string) => (await db.query<{ c: string }>('SELECT cost_micros::text AS c FROM usage_records WHERE request_id = $1', [id]))[0].c;
    expect([await cost(before.requestId), await cost(stillOld.requestId), await cost(after.requestId)]).toEqual(['2000000', '2000000', '5000000']);
    const snapshot = await bus.request('pricesSnapshot', {}, 2000);
    expect(snapshot.prices.filter((p) => p.model === 'dated').map((p) => p.inputPerMillion)).toEqual([2_000_000, 5_000_000]);
  });

  it('parks a poison message and processes the ones behind it', async () => {
    const tenant = randomUUID();
    const h = natsHeaders();
    h.set('Nats-Msg-Id', `poison-${tenant}`);
    const js = bus.nc.jetstream();
    await js.publish(prefixed(env.natsPrefix, Subjects.usageBatch), new TextEncoder().encode('{"not":"a usage event"'), {
      msgID: `poison-${tenant}`,
      headers: h,
    });
    // Valid against the contract but refused by Postgres for its data (a latency past int4): parked at once, not retried.
    const failing = usageEvent(tenant, { latencyMs: 2 ** 31 });
    await js.publish(prefixed(env.natsPrefix, Subjects.usageBatch), JSONCodec().encode({ events: [failing] }), { msgID: usageBatchId([failing]) });
    const behind = usageEvent(tenant);
    await publishUsage(bus, [behind]);
    await waitUntil(booked(behind.requestId), 10_000, 'message behind the poison');
    await waitUntil(async () => (await db.count('parked_usage')) >= 2, 15_000, 'both parked');
    const parked = await db.query<{ request_id: string | null; error: string; deliveries: number; payload: Buffer }>(
      'SELECT request_id, error, deliveries, payload FROM parked_usage ORDER BY id',
    );
    expect(parked[0]).toMatchObject({ request_id: null, error: expect.stringContaining('invalid payload') });
    expect(parked[0].payload.toString()).toBe('{"not":"a usage event"');
    expect(parked[1]).toMatchObject({ request_id: failing.requestId, deliveries: 1 });
    expect(await db.count('usage_records', 'request_id = $1', [failing.requestId])).toBe(0);
  });

  it('books a call whose text Postgres cannot hold (NUL, an unpaired surrogate) with U+FFFD in its place, never parks it', async () => {
    const tenant = randomUUID();
    const parkedBefore = await db.count('parked_usage');
    const nul = usageEvent(tenant, { model: 'nul\u0000model', keyLabel: 'label\u0000', promptTokens: 1000, completionTokens: 0 });
    const lone = usageEvent(tenant, { model: 'lone\ud800model', upstreamModel: '\udc00up', promptTokens: 1000, completionTokens: 0 });
    await publishUsage(bus, [nul, lone]);
    await waitUntil(booked(lone.requestId), 10_000, 'lone-surrogate call booked');
    await waitUntil(booked(nul.requestId), 10_000, 'NUL call booked');
    const rows = await db.query<{ model: string; key_label: string | null; upstream_model: string | null }>(
      'SELECT model, key_label, upstream_model FROM usage_records WHERE tenant_id = $1 ORDER BY model',
      [tenant],
    );
    expect(rows).toEqual([
      { model: 'lone\ufffdmodel', key_label: expect.anything(), upstream_model: '\ufffdup' },
      { model: 'nul\ufffdmodel', key_label: 'label\ufffd', upstream_model: expect.anything() },
    ]);
    expect(await db.count('parked_usage')).toBe(parkedBefore);
  });

  // The one test on the legacy subject: gateways from before batching publish billing.usage.recorded.v1,
  // one event per message, and billing still books those (and charges a call once across both subjects).
  it('books a legacy single event, then a gateway batch event by event: a bad event is parked, a repeated one charged once, the rest booked', async () => {
    const tenant = randomUUID();
    const first = usageEvent(tenant, { promptTokens: 1000, completionTokens: 0 });
    await bus.publishDurable('usageRecorded', first, first.requestId); // booked before the batch arrives
    await waitUntil(booked(first.requestId), 10_000, 'single event booked');
    const fresh = usageEvent(tenant, { promptTokens: 0, completionTokens: 1000 });
    const parkedBefore = await db.count('parked_usage');
    const events = [first, { requestId: 'not-a-usage-event' }, fresh] as never[];
    await bus.publishDurable('usageBatch', { events }, usageBatchId(events));
    await bus.publishDurable('usageBatch', { events }, usageBatchId(events)); // a retried publish: stored once
    await waitUntil(booked(fresh.requestId), 10_000, 'batch booked');
    await waitUntil(async () => (await db.count('parked_usage')) === parkedBefore + 1, 10_000, 'bad event parked');
    const parked = await db.query<{ payload: Buffer; error: string }>('SELECT payload, error FROM parked_usage ORDER BY id DESC LIMIT 1');
    expect(JSON.parse(parked[0].payload.toString())).toEqual({ requestId: 'not-a-usage-event' });
    expect(parked[0].error).toContain('invalid payload');
    expect(await db.count('ledger_transactions', 'request_id = $1', [first.requestId])).toBe(1);
    // 1000 input × 1 USD/M, then 1000 output × 4 USD/M
    expect(await db.entrySum(tenant)).toBe(-5000n);
  });

  it('charges a call whose real cost exceeds its hold in full, and says so on its ledger line', async () => {
    const tenant = randomUUID();
    // 1000 input × 1 USD/M + 500 output × 4 USD/M = 3000 micro-units, on a hold of 2500.
    const over = usageEvent(tenant, { promptTokens: 1000, completionTokens: 500, holdMicros: 2500 });
    const within = usageEvent(tenant, { promptTokens: 1000, completionTokens: 500, holdMicros: 5000 });
    await publishUsage(bus, [over, within]);
    await waitUntil(async () => (await booked(over.requestId)()) && (await booked(within.requestId)()));
    const ledger = (await (await admin(`/admin/tenants/${tenant}/ledger`)).json()) as {
      data: { requestId: string; amountMicros: number; reason: string | null }[];
    };
    const line = (id: string) => ledger.data.find((d) => d.requestId === id)!;
    expect(line(over.requestId)).toMatchObject({ amountMicros: -3000, reason: 'overage: cost 3000 exceeds the hold of 2500 by 500' });
    expect(line(within.requestId)).toMatchObject({ amountMicros: -3000, reason: null });
  });

  it('keeps Redis credit equal to the ledger and the reconcile repairs a tampered balance', async () => {
    const tenant = randomUUID();
    const res = await admin(`/admin/tenants/${tenant}/credits`, { method: 'POST', body: { amountMicros: 10_000_000, reason: 'welcome credit' } });
    expect(res.status).toBe(201);
    const e = usageEvent(tenant, { promptTokens: 1000, completionTokens: 500 });
    await publishUsage(bus, [e]);
    await waitUntil(booked(e.requestId));
    await waitUntil(async () => (await credit.available(tenant)).balance === 9_997_000, 5000, 'redis booked');
    expect(await credit.available(tenant)).toMatchObject({ balance: 9_997_000, available: 9_997_000 });
    expect(await db.entrySum(tenant)).toBe(9_997_000n);

    await redis.set(creditKeys(tenant).bal, '999999999'); // tampered (same seq)
    const repaired = await billing.app.get(CreditSyncService).reconcile();
    expect(repaired).toBeGreaterThanOrEqual(1);
    expect((await credit.available(tenant)).balance).toBe(9_997_000);
    await redis.del(creditKeys(tenant).bal, creditKeys(tenant).seq); // flushed
    await billing.app.get(CreditSyncService).reconcile();
    expect((await credit.available(tenant)).balance).toBe(9_997_000);
  });

  it('refuses a manual debit below zero and audits adjustments with actor and reason', async () => {
    const tenant = randomUUID();
    expect((await admin(`/admin/tenants/${tenant}/credits`, { method: 'POST', body: { amountMicros: 2_000_000, reason: 'promo' } })).status).toBe(201);
    const refused = await admin(`/admin/tenants/${tenant}/credits`, { method: 'POST', body: { amountMicros: -2_000_001, reason: 'too much' } });
    expect(refused.status).toBe(409);
    expect((await admin(`/admin/tenants/${tenant}/credits`, { method: 'POST', body: { amountMicros: -500_000, reason: 'correction' } })).status).toBe(201);
    const ledger = (await (await admin(`/admin/tenants/${tenant}/ledger`)).json()) as {
      data: { amountMicros: number; actor: string; reason: string; kind: string }[];
    };
    expect(ledger.data.map((d) => [d.kind, d.amountMicros, d.actor, d.reason])).toEqual([
      ['adjustment', -500_000, 'admin', 'correction'],
      ['adjustment', 2_000_000, 'admin', 'promo'],
    ]);
    expect(await db.entrySum(tenant)).toBe(1_500_000n);
    expect(await db.cachedBalance(tenant)).toBe(1_500_000n);
    expect((await admin(`/admin/tenants/${randomUUID()}/balance`)).status).toBe(200);
    expect((await fetch(`${billing.url}/admin/tenants/${tenant}/balance`)).status).toBe(401);
  });

  it('the ledger is append-only and every transaction balances, enforced by the database', async () => {
    // Rows of its own to try to change (a row trigger fires only for rows an UPDATE or DELETE reaches).
    const [posted] = await db.query<{ id: string }>(
      `WITH t AS (INSERT INTO ledger_transactions (tenant_id, kind, actor) VALUES ($1, 'adjustment', 'test') RETURNING id)
       INSERT INTO ledger_entries (transaction_id, account_code, amount_micros)
       SELECT t.id, leg.account, leg.amount FROM t CROSS JOIN (VALUES ('adjustments', 7), ('revenue', -7)) AS leg(account, amount)
       RETURNING transaction_id::text AS id`,
      [randomUUID()],
    );
    const [price] = await db.query<{ id: string }>(
      `INSERT INTO prices (id, model, input_per_million, cached_input_per_million, output_per_million, effective_from, created_by)
       VALUES (gen_random_uuid(), 'append-only-test', 1, 1, 1, now(), 'test') RETURNING id::text`,
    );
    await expect(db.query('UPDATE ledger_entries SET amount_micros = 1 WHERE transaction_id = $1', [posted.id])).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM ledger_transactions WHERE id = $1', [posted.id])).rejects.toThrow(/append-only/);
    await expect(db.query('UPDATE prices SET input_per_million = 0 WHERE id = $1', [price.id])).rejects.toThrow(/append-only/);
    const [t] = await db.query<{ id: string }>(
      `INSERT INTO ledger_transactions (tenant_id, kind, actor) VALUES ($1, 'adjustment', 'test') RETURNING id::text`,
      [randomUUID()],
    );
    await expect(db.query(`INSERT INTO ledger_entries (transaction_id, account_code, amount_micros) VALUES ($1, 'adjustments', 5)`, [t.id])).rejects.toThrow(
      /does not balance/,
    );
    // Row checks are the table's own CHECK constraints: a usage debit names its call, no other kind does, no leg is zero.
    const transaction = (kind: string, requestId: string | null) =>
      db.query(`INSERT INTO ledger_transactions (tenant_id, kind, request_id, actor) VALUES ($1, $2, $3, 'test')`, [randomUUID(), kind, requestId]);
    await expect(transaction('usage', null)).rejects.toThrow(/ledger_transactions_kind_check/);
    await expect(transaction('adjustment', `req_${randomUUID()}`)).rejects.toThrow(/ledger_transactions_kind_check/);
    await expect(transaction('gift', null)).rejects.toThrow(/ledger_transactions_kind_check/);
    await expect(db.query(`INSERT INTO ledger_entries (transaction_id, account_code, amount_micros) VALUES ($1, 'adjustments', 0)`, [t.id])).rejects.toThrow(
      /ledger_entries_amount_check/,
    );
    const [sys] = await db.query<{ s: string }>('SELECT COALESCE(SUM(amount_micros), 0)::text AS s FROM ledger_entries');
    expect(sys.s).toBe('0');
  });

  it("checks a posting's balance by reading its own entries, not the whole ledger", async () => {
    // `count` balanced transactions (2 entries each) posted in one statement on this connection.
    const post = (count: number, actor: string) =>
      db.query(
        `
        WITH t AS (
          INSERT INTO ledger_transactions (tenant_id, kind, actor) SELECT $1, 'adjustment', $2 FROM generate_series(1, $3::int) RETURNING id
        )
        INSERT INTO ledger_entries (transaction_id, account_code, amount_micros)
        SELECT t.id, leg.account, leg.sign * 7 FROM t CROSS JOIN (VALUES ('adjustments', 1), ('revenue', -1)) AS leg(account, sign)`,
        [randomUUID(), actor, count],
      );
    // Index entries read through ledger_entries' indexes (Postgres's per-transaction counters).
    const indexReads = async () => {
      const [r] = await db.query<{ n: string }>(
        `SELECT SUM(pg_stat_get_xact_tuples_returned(indexrelid))::text AS n FROM pg_index WHERE indrelid = 'ledger_entries'::regclass`,
      );
      return Number(r.n);
    };
    await post(10_000, 'filler'); // a ledger of 20,000 earlier entries
    await db.query('ANALYZE ledger_entries');
    // Then a batch, as billing books them: the check's plan is cached for the connection from a batch's size (the
    // old IN ... GROUP BY check, planned for 200 transactions, then read the whole ledger for every later posting).
    await post(200, 'batch');
    await db.query('BEGIN');
    try {
      // The counters can still hold this connection's earlier transactions (Postgres 15 flushes them at most once a
      // second): the filler's and the batch's 20,000+ balance-check reads when they ended within it. Count the difference.
      const start = await indexReads();
      const [t] = await db.query<{ id: string }>(
        `INSERT INTO ledger_transactions (tenant_id, kind, actor) VALUES ($1, 'adjustment', 'test') RETURNING id::text`,
        [randomUUID()],
      );
      await db.query(`INSERT INTO ledger_entries (transaction_id, account_code, amount_micros) VALUES ($1, 'adjustments', 5), ($1, 'revenue', -5)`, [t.id]);
      expect((await indexReads()) - start).toBeLessThan(100);
    } finally {
      await db.query('ROLLBACK');
    }
  });
});
