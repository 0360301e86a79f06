import Redis from 'ioredis';
import OpenAI from 'openai';
import { CreditStore } from '@tollgate/credit';
import { estimateTokens } from '../apps/gateway/src/translate/token-usage';
import { REDIS_URL } from './support/env';
import { eventually } from './support/eventually';
import { TEST_CREDIT_MICROS, tenantWithKey, type TenantFixture } from './support/fixtures';
import { TEST_PRICE } from './support/admin-client';
import { testStack, type TestStack } from './support/test-stack';

/** The mock upstream waits this long before its response headers: longer than any test here runs. */
const NEVER_ANSWERS = 'mock-slow-60000';
/** Each streamed piece (one word) leaves the mock this long after the previous one. */
const CHUNK_DELAY_MS = 100;

interface RequestLogRow {
  requestId: string;
  status: number;
  costMicros: number;
  estimated: boolean;
  completionTokens: number;
}

interface LedgerRow {
  kind: string;
  amountMicros: number;
  requestId: string | null;
}

/** What a client that gives up on a call is charged: the ledger, the balance and the credit hold, per case. */
describe('client abort: what the customer is charged', () => {
  let ts: TestStack;
  let redis: Redis;
  let credit: CreditStore;

  beforeAll(async () => {
    ts = await testStack({ mockChunkDelayMs: CHUNK_DELAY_MS });
    redis = new Redis(REDIS_URL, { keyPrefix: ts.env.redisPrefix });
    credit = new CreditStore(redis);
  });

  afterAll(async () => {
    redis?.disconnect();
    await ts?.close();
  });

  /** A fresh tenant (TEST_CREDIT_MICROS of credit) whose `model` is served by the mock's `upstreamModel`. */
  const tenantFor = async (name: string, model: string, upstreamModel: string): Promise<TenantFixture> => {
    const t = await tenantWithKey(ts.admin, ts.stack, { name, models: [] });
    await ts.admin.addModel(t.tenantId, model, t.providerId, upstreamModel);
    await eventually(
      () => credit.available(t.tenantId),
      (c) => c.balance === TEST_CREDIT_MICROS,
    );
    return t;
  };

  const clientOf = (t: TenantFixture) => new OpenAI({ apiKey: t.key, baseURL: ts.stack.gateway.baseUrl, maxRetries: 0 });

  /** Resolves once the mock upstream holds a request whose prompt contains `marker` (the gateway forwarded it). */
  const forwarded = async (marker: string) => {
    const seen = await eventually(
      async () => ts.stack.mock.requests.some((r) => JSON.stringify(r.body).includes(marker)),
      (s) => s,
    );
    expect(seen).toBe(true);
  };

  /**
   * The tenant's books once the aborted call is booked and its hold is gone: its one request log,
   * its usage ledger entries, billing's balance and the gateway's fast credit figures.
   */
  const booksOf = async (tenantId: string) => {
    const logs = async () => (await ts.admin.call<{ data: RequestLogRow[] }>('billing', 'GET', `/admin/tenants/${tenantId}/request-logs`)).body.data;
    const settled = await eventually(
      async () => ({ logs: await logs(), fast: await credit.available(tenantId), holds: await credit.openHolds(tenantId) }),
      (s) => s.logs.length > 0 && s.holds === 0 && s.fast.held === 0 && s.fast.unbooked === 0,
    );
    const ledger = await ts.admin.call<{ data: LedgerRow[] }>('billing', 'GET', `/admin/tenants/${tenantId}/ledger`);
    const balance = await ts.admin.call<{ balanceMicros: number }>('billing', 'GET', `/admin/tenants/${tenantId}/balance`);
    const usage = ledger.body.data.filter((e) => e.kind === 'usage');
    return { ...settled, usage, charged: usage.reduce((n, e) => n - e.amountMicros, 0), balance: balance.body.balanceMicros };
  };

  const expectNothingCharged = (books: Awaited<ReturnType<typeof booksOf>>) => {
    expect(books.logs).toHaveLength(1);
    expect(books.logs[0]).toMatchObject({ status: 499, costMicros: 0 });
    expect(books.usage.filter((e) => e.amountMicros !== 0)).toEqual([]);
    expect(books.charged).toBe(0);
    expect(books.balance).toBe(TEST_CREDIT_MICROS);
    // The hold is released: the tenant can spend all of its credit again.
    expect(books.holds).toBe(0);
    expect(books.fast).toEqual({ balance: TEST_CREDIT_MICROS, held: 0, unbooked: 0, available: TEST_CREDIT_MICROS });
  };

  it('(a) a stream the client leaves before the upstream sent its headers costs nothing and releases the hold', async () => {
    const t = await tenantFor('abort-stream-early', 'waits', NEVER_ANSWERS);
    const ac = new AbortController();
    const pending = clientOf(t)
      .chat.completions.create({ model: 'waits', stream: true, messages: [{ role: 'user', content: 'case-a never mind' }] }, { signal: ac.signal })
      .catch((e: unknown) => e);
    await forwarded('case-a');
    ac.abort();
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
    expectNothingCharged(await booksOf(t.tenantId));
  });

  it('(b) a plain call the client leaves before the upstream answered costs nothing and releases the hold', async () => {
    const t = await tenantFor('abort-plain-early', 'waits', NEVER_ANSWERS);
    const ac = new AbortController();
    const pending = clientOf(t)
      .chat.completions.create({ model: 'waits', messages: [{ role: 'user', content: 'case-b never mind' }] }, { signal: ac.signal })
      .catch((e: unknown) => e);
    await forwarded('case-b');
    ac.abort();
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
    expectNothingCharged(await booksOf(t.tenantId));
  });

  it('(c) a stream the client leaves after some chunks is charged for what was delivered, not the hold', async () => {
    const t = await tenantFor('abort-stream-late', 'talks', 'gpt-4.1-mini');
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const prompt = `case-c ${words}`;
    const ac = new AbortController();
    const stream = await clientOf(t).chat.completions.create(
      { model: 'talks', stream: true, messages: [{ role: 'user', content: prompt }] },
      { signal: ac.signal },
    );
    let seen = '';
    let pieces = 0;
    const read = (async () => {
      for await (const chunk of stream) {
        const text = chunk.choices[0]?.delta?.content ?? '';
        seen += text;
        if (text && ++pieces === 3) ac.abort();
      }
    })().catch((e: unknown) => (e instanceof OpenAI.APIUserAbortError ? undefined : e));
    // The SDK ends an aborted stream's iteration quietly (or with its abort error): nothing else went wrong.
    expect(await read).toBeUndefined();
    expect(pieces).toBe(3);

    const books = await booksOf(t.tenantId);
    expect(books.logs).toHaveLength(1);
    const [log] = books.logs;
    expect(log).toMatchObject({ status: 499, estimated: true });
    // Estimated from the text the gateway relayed: at least what the client read, at most the whole reply.
    const promptMicros = estimateTokens(prompt.length) * (TEST_PRICE.inputPerMillion / 1_000_000);
    const perToken = TEST_PRICE.outputPerMillion / 1_000_000;
    const wholeReply = `Hello from mock-upstream! You said: ${prompt}`;
    expect(log.costMicros).toBeGreaterThanOrEqual(promptMicros + estimateTokens(seen.length) * perToken);
    expect(log.costMicros).toBeLessThan(promptMicros + estimateTokens(wholeReply.length) * perToken);
    // The ledger books that cost, not the worst-case hold (4,096 output tokens), and the rest of the hold is released.
    expect(books.charged).toBe(log.costMicros);
    expect(books.balance).toBe(TEST_CREDIT_MICROS - log.costMicros);
    expect(books.holds).toBe(0);
    expect(books.fast).toEqual({
      balance: TEST_CREDIT_MICROS - log.costMicros,
      held: 0,
      unbooked: 0,
      available: TEST_CREDIT_MICROS - log.costMicros,
    });
  });
});
