import OpenAI from 'openai';
import Redis from 'ioredis';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreditStore } from '@tollgate/credit';
import { AdminClient } from './support/admin-client';
import { BillingDb, buildDist, waitUntil } from './support/billing-stack';
import { createTestEnv, REDIS_URL, TestEnv } from './support/env';
import { adminFor, chat, tenantWithKey, TenantFixture } from './support/fixtures';
import { GatewayChild, gatewayChild } from './support/gateway-child';
import { bookedOnce, loadUntil } from './support/metering-load';
import { startStack, Stack } from './support/stack';

jest.setTimeout(180_000);

const FAST_SWEEP = { LOST_CALL_SWEEP_MS: '100', UNBOOKED_CHECK_AFTER_MS: '2000' };

describe('a gateway killed with SIGKILL mid-load', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let db: BillingDb;
  let redis: Redis;
  let child: GatewayChild | undefined;
  const spool = mkdtempSync(join(tmpdir(), 'tollgate-crash-spool-'));

  beforeAll(async () => {
    buildDist();
    env = await createTestEnv();
    stack = await startStack(env, { billingEnv: FAST_SWEEP });
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack);
    await admin.addModel(t.tenantId, 'stuck', t.providerId, 'mock-slow-60000');
    db = await BillingDb.open(env);
    redis = new Redis(REDIS_URL, { keyPrefix: env.redisPrefix });
  });

  afterAll(async () => {
    await child?.kill('SIGTERM');
    redis?.disconnect();
    await db?.close();
    await stack?.close();
    await env?.drop();
  });

  it('bills every response it gave once a gateway runs again, charges the calls it was serving as estimated, and frees the credit', async () => {
    const gatewayEnv = { USAGE_SPOOL_DIR: spool, HOLD_TTL_MS: '1500', ALLOW_PRIVATE_UPSTREAMS: 'true' };
    child = await gatewayChild(env, gatewayEnv);
    const base = child.baseUrl;
    // Calls the gateway is still serving when it dies: their holds are all that is left of them.
    const stuck = Array.from({ length: 5 }, () => chat(base, t.key, { model: 'stuck', max_tokens: 100, messages: [{ role: 'user', content: 'wait for me' }] }));
    let killed = false;
    const load = loadUntil(
      () => killed,
      4,
      async () => {
        const r = await chat(base, t.key);
        return { status: r.status, requestId: r.headers.get('x-request-id') };
      },
    );
    const credit = new CreditStore(redis);
    await waitUntil(
      async () => (await credit.openHolds(t.tenantId)) >= 5 && (await db.count('usage_records', 'tenant_id = $1', [t.tenantId])) >= 20,
      30_000,
      'load under way',
    );
    await child.kill('SIGKILL');
    killed = true;
    const seen = await load;
    expect((await Promise.allSettled(stuck)).every((r) => r.status === 'rejected' || r.value.status !== 200)).toBe(true);

    // A gateway starting on the same spool publishes what the dead one had not handed to JetStream.
    child = await gatewayChild(env, gatewayEnv);
    await waitUntil(async () => (await bookedOnce(db, seen.succeeded)).records === seen.succeeded.length, 60_000, 'every success booked');
    expect(await bookedOnce(db, seen.succeeded)).toEqual({ records: seen.succeeded.length, duplicateDebits: 0 });

    // The dead gateway's calls are charged (estimated, status 0) by billing, and their credit released.
    await waitUntil(
      async () => (await db.count('usage_records', 'tenant_id = $1 AND status = 0 AND estimated', [t.tenantId])) >= 5,
      30_000,
      'lost calls charged',
    );
    const lost = await db.query<{ model: string; cost_micros: string }>(
      'SELECT model, cost_micros::text FROM usage_records WHERE tenant_id = $1 AND status = 0',
      [t.tenantId],
    );
    expect(lost.filter((l) => l.model === 'stuck')).toHaveLength(5);
    expect(lost.every((l) => Number(l.cost_micros) > 0)).toBe(true);
    await waitUntil(
      async () => {
        const c = await credit.available(t.tenantId);
        return c.held === 0 && c.unbooked === 0 && c.balance === Number(await db.cachedBalance(t.tenantId));
      },
      30_000,
      'credit released',
    );
    const [{ n }] = await db.query<{ n: string }>(
      `SELECT COUNT(*)::text AS n FROM (SELECT request_id FROM ledger_transactions GROUP BY request_id HAVING COUNT(*) > 1) d`,
    );
    expect(n).toBe('0');
  });
});

describe('a stream that outlives its hold TTL', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let db: BillingDb;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env, { gatewayEnv: { HOLD_TTL_MS: '500' }, billingEnv: FAST_SWEEP, mockChunkDelayMs: 120 });
    admin = adminFor(env, stack);
    // One 1,000-token call holds about 4,000 micro-units (4 USD per million output tokens): credit for one, not two.
    t = await tenantWithKey(admin, stack, { creditMicros: 6_000 });
    db = await BillingDb.open(env);
  });

  afterAll(async () => {
    await db?.close();
    await stack?.close();
    await env?.drop();
  });

  it('keeps its hold for its whole life: other calls stay refused, and it is billed once at its real cost', async () => {
    const client = new OpenAI({ apiKey: t.key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
    const words = Array.from({ length: 25 }, (_, i) => `word${i}`).join(' ');
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'tollgate-fast', max_tokens: 1000, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: words }] })
      .withResponse();
    const requestId = response.headers.get('x-request-id')!;
    const startedAt = Date.now();
    const chunks: string[] = [];
    let checked = false;
    for await (const chunk of stream) {
      chunks.push(chunk.choices[0]?.delta?.content ?? '');
      if (!checked && Date.now() - startedAt > 4 * 500) {
        // Four hold TTLs into the stream, its hold still stands: a second call is refused.
        const second = await chat(stack.gateway.baseUrl, t.key, { model: 'tollgate-fast', max_tokens: 1000, messages: [{ role: 'user', content: 'me too' }] });
        expect(second.status).toBe(403);
        checked = true;
      }
    }
    expect(checked).toBe(true);
    await waitUntil(async () => (await db.count('usage_records', 'request_id = $1', [requestId])) === 1, 20_000, 'stream booked');
    const [row] = await db.query<{ status: number; estimated: boolean; completion_tokens: number }>(
      'SELECT status, estimated, completion_tokens FROM usage_records WHERE request_id = $1',
      [requestId],
    );
    expect(row).toMatchObject({ status: 200, estimated: false });
    expect(row.completion_tokens).toBeGreaterThan(10);
    expect(await db.count('usage_records', 'tenant_id = $1 AND status = 0', [t.tenantId])).toBe(0);
  });
});
