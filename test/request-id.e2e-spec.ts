import OpenAI from 'openai';
import { BillingDb } from './support/billing-stack';
import { createTestEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

const GATEWAY_ID = /^req_[0-9a-f]{32}$/;

/**
 * A caller's well-formed `x-request-id` comes back as `x-request-id`; the gateway's own id, the one
 * metering, the credit hold and the request log key on, is always generated and comes back as
 * `x-tollgate-request-id`, so two calls sending the same id are both billed.
 */
describe('x-request-id: a caller keeps its id, metering keeps its own', () => {
  let env: TestEnv;
  let stack: Stack;
  let t: TenantFixture;
  let client: OpenAI;
  let billing: BillingDb;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    t = await tenantWithKey(adminFor(env, stack), stack, { models: ['tollgate-fast'] });
    client = new OpenAI({ apiKey: t.key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
    billing = await BillingDb.open(env);
  });

  afterAll(async () => {
    await billing?.close();
    await stack?.close();
    await env?.drop();
  });

  const chat = (callerId?: string) =>
    client.chat.completions
      .create({ model: 'tollgate-fast', messages: [{ role: 'user', content: 'hi' }] }, callerId === undefined ? {} : { headers: { 'x-request-id': callerId } })
      .withResponse();
  const embed = (callerId?: string) =>
    client.embeddings.create({ model: 'tollgate-fast', input: 'hi' }, callerId === undefined ? {} : { headers: { 'x-request-id': callerId } }).withResponse();
  const ids = (response: Response) => ({ echoed: response.headers.get('x-request-id'), own: response.headers.get('x-tollgate-request-id') });

  it.each([
    ['/v1/chat/completions (node:http hot path)', chat],
    ['/v1/embeddings (Nest)', embed],
  ])('%s echoes a well-formed caller id and answers with its own id beside it', async (_route, call) => {
    const callerId = `trace-${Date.now()}.span:01_ab`;
    const { response } = await call(callerId);
    expect(ids(response)).toEqual({ echoed: callerId, own: expect.stringMatching(GATEWAY_ID) });
  });

  it.each([
    ['/v1/chat/completions (node:http hot path)', chat],
    ['/v1/embeddings (Nest)', embed],
  ])('%s replaces a malformed caller id (spaces, markup, over 128 characters) with its own', async (_route, call) => {
    for (const bad of ['has spaces', '<script>', 'x'.repeat(129), 'semi;colon']) {
      const { response } = await call(bad);
      const { echoed, own } = ids(response);
      expect({ bad, echoed }).toEqual({ bad, echoed: expect.stringMatching(GATEWAY_ID) });
      expect(echoed).toBe(own);
    }
  });

  it('answers without a caller id with the gateway id in both headers', async () => {
    const { response } = await chat();
    const { echoed, own } = ids(response);
    expect(echoed).toMatch(GATEWAY_ID);
    expect(own).toBe(echoed);
  });

  it('bills every call that sends the same caller id: one request-log row each, under the gateway id', async () => {
    const callerId = `same-${Date.now()}`;
    const calls = [await chat(callerId), await chat(callerId), await embed(callerId)];
    const own = calls.map((c) => ids(c.response).own!);
    expect(new Set(own).size).toBe(3);
    const rows = await eventually(
      () => billing.query<{ request_id: string }>('SELECT request_id FROM usage_records WHERE tenant_id = $1 AND request_id = ANY($2)', [t.tenantId, own]),
      (r) => r.length === 3,
    );
    expect(rows.map((r) => r.request_id).sort()).toEqual([...own].sort());
    expect(await billing.count('usage_records', 'request_id = $1', [callerId])).toBe(0);
  });
});
