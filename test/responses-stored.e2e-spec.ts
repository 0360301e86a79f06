import OpenAI from 'openai';
import { Client } from 'pg';
import { loadOpenApiValidator, openApiValidatorAvailable, type OpenApiValidator } from '../apps/mock-upstream/src/openapi-validator';
import type { AdminClient } from './support/admin-client';
import type { TestEnv } from './support/env';
import { eventually } from './support/eventually';
import type { TenantFixture } from './support/fixtures';
import type { Stack } from './support/stack';
import { testStack, type TestStack } from './support/test-stack';

type ChatMessage = { role: string; content: unknown };

/** Most bytes a chain may hold in this stack: small, so the size bound can be met by one big turn. */
const MAX_CHAIN_BYTES = 60_000;

/** Stored responses (store, previous_response_id, retrieve/delete/input_items) with the official SDK, across two gateway instances. */
describe('Stored Responses API responses', () => {
  let ts: TestStack;
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let a: TenantFixture;
  let b: TenantFixture;
  /** Tenant A's client on gateway 1 and on gateway 2; tenant B's on gateway 1. */
  let a1: OpenAI;
  let a2: OpenAI;
  let b1: OpenAI;
  let spec: OpenApiValidator | undefined;

  beforeAll(async () => {
    ts = await testStack({
      gateways: 2,
      gatewayEnv: { RESPONSES_MAX_CHAIN_BYTES: String(MAX_CHAIN_BYTES), RESPONSES_RETENTION_SWEEP_MS: '300' },
      tenants: [{ name: 'stored-a' }, { name: 'stored-b' }],
    });
    ({ env, stack, admin } = ts);
    [a, b] = ts.tenants;
    const client = (key: string, baseURL: string) => new OpenAI({ apiKey: key, baseURL, maxRetries: 0 });
    a1 = client(a.key, stack.gateways[0].baseUrl);
    a2 = client(a.key, stack.gateways[1].baseUrl);
    b1 = client(b.key, stack.gateways[0].baseUrl);
    spec = openApiValidatorAvailable() ? loadOpenApiValidator() : undefined;
  }, 90_000);

  afterAll(() => ts?.close());

  const expectValid = (schema: string, data: unknown) => spec?.expectValid(schema, data);
  const upstreamMessages = () => (stack.mock.requests.at(-1)!.body as { messages: ChatMessage[] }).messages;
  const textOf = (m: ChatMessage) => (typeof m.content === 'string' ? m.content : (m.content as { text: string }[]).map((p) => p.text).join(''));
  const notFound = async (p: Promise<unknown>, param: string | null = null) => {
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.NotFoundError>).error).toMatchObject({ type: 'invalid_request_error', code: 'not_found', param });
  };
  const withoutOutputText = (r: unknown) => JSON.parse(JSON.stringify(r, (k, v: unknown) => (k === 'output_text' ? undefined : v))) as unknown;

  it('a three-turn conversation by previous_response_id across two gateways: the upstream gets every earlier turn, the hold and usage grow', async () => {
    const first = await a1.responses.create({ model: 'tollgate-fast', input: 'My name is Ada.', instructions: 'Be brief.' });
    expect(first).toMatchObject({ store: true, previous_response_id: null, status: 'completed' });

    stack.mock.reset();
    const second = await a2.responses.create({ model: 'tollgate-fast', input: 'What is my name?', previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
    expect(upstreamMessages().map((m) => [m.role, textOf(m)])).toEqual([
      ['user', 'My name is Ada.'],
      ['assistant', first.output_text],
      ['user', 'What is my name?'],
    ]);

    // Streamed, on the first gateway again: the chain holds both earlier turns.
    stack.mock.reset();
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const e of await a1.responses.create({ model: 'tollgate-fast', input: 'And again?', previous_response_id: second.id, stream: true }))
      events.push(e);
    const third = (events.at(-1) as OpenAI.Responses.ResponseCompletedEvent).response;
    expect(third).toMatchObject({ status: 'completed', previous_response_id: second.id, store: true });
    expect(upstreamMessages().map((m) => [m.role, textOf(m)])).toEqual([
      ['user', 'My name is Ada.'],
      ['assistant', first.output_text],
      ['user', 'What is my name?'],
      ['assistant', second.output_text],
      ['user', 'And again?'],
    ]);
    // Billed on the whole chained input: each turn's prompt is larger than the one before.
    expect(second.usage!.input_tokens).toBeGreaterThan(first.usage!.input_tokens);
    expect(third.usage!.input_tokens).toBeGreaterThan(second.usage!.input_tokens);

    // The streamed turn was stored too, and either gateway retrieves it.
    const kept = await a2.responses.retrieve(third.id);
    expect(kept).toMatchObject({ id: third.id, status: 'completed', previous_response_id: second.id });
    expect(kept.output_text).toBe(events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : [])).join(''));
  });

  it('retrieve returns the Response as answered (valid against the spec); input_items lists the input with ids, paged as OpenAI pages', async () => {
    const created = await a1.responses.create({
      model: 'tollgate-fast',
      input: [
        { role: 'developer', content: 'Rules' },
        { role: 'user', content: [{ type: 'input_text', text: 'one' }] },
        { role: 'user', content: 'two' },
      ],
      metadata: { ticket: '7' },
    });
    const got = await a2.responses.retrieve(created.id);
    expect(withoutOutputText(got)).toEqual(withoutOutputText(created));
    expect(got.metadata).toEqual({ ticket: '7' });
    expectValid('Response', withoutOutputText(got));

    const all = await a2.responses.inputItems.list(created.id, { order: 'asc' });
    expect(all.data.map((i) => (i as { content: { text: string }[] }).content[0].text)).toEqual(['Rules', 'one', 'two']);
    expect(all.data.every((i) => typeof i.id === 'string' && i.id.length > 0)).toBe(true);
    expect(all.data.map((i) => i.type)).toEqual(['message', 'message', 'message']);

    const page = await a1.responses.inputItems.list(created.id, { limit: 2 });
    expect(page.data.map((i) => i.id)).toEqual([all.data[2].id, all.data[1].id]);
    expect(page.has_more).toBe(true);
    const ids: string[] = [];
    for await (const item of a1.responses.inputItems.list(created.id, { limit: 1 })) ids.push(item.id);
    expect(ids).toEqual(all.data.map((i) => i.id).reverse());
  });

  it('input items of every kind the bridge takes (messages, function calls and their outputs) are valid against the spec', async () => {
    const created = await a1.responses.create({
      model: 'tollgate-fast',
      input: [
        { role: 'system', content: 'Sys' },
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: 'Checking.' },
        {
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Still checking.', annotations: [] }],
        } as unknown as OpenAI.Responses.ResponseInputItem,
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_1', output: '{"sky":"clear"}' },
      ],
    });
    const res = await fetch(`${stack.gateways[1].baseUrl}/responses/${created.id}/input_items?order=asc`, { headers: { authorization: `Bearer ${a.key}` } });
    expect(res.status).toBe(200);
    const list = (await res.json()) as { data: { type: string; id: string }[]; first_id: string; last_id: string };
    expect(list.data.map((i) => i.type)).toEqual(['message', 'message', 'message', 'message', 'function_call', 'function_call_output']);
    expect([list.first_id, list.last_id]).toEqual([list.data[0].id, list.data[5].id]);
    expectValid('ResponseItemList', list);
  });

  it('delete answers response.deleted; afterwards retrieve, delete, input_items and chaining are 404', async () => {
    const created = await a1.responses.create({ model: 'tollgate-fast', input: 'forget me' });
    const deleted = await a2.responses.delete(created.id);
    expect(deleted).toEqual({ id: created.id, object: 'response.deleted', deleted: true });
    await notFound(a1.responses.retrieve(created.id));
    await notFound(a1.responses.delete(created.id));
    await notFound(a1.responses.inputItems.list(created.id));
    stack.mock.reset();
    await notFound(a1.responses.create({ model: 'tollgate-fast', input: 'x', previous_response_id: created.id }), 'previous_response_id');
    expect(stack.mock.requests).toHaveLength(0);
  });

  it('deleting a response in the middle of a chain ends the chain there: the next turn gets only what follows it', async () => {
    const one = await a1.responses.create({ model: 'tollgate-fast', input: 'turn one' });
    const two = await a1.responses.create({ model: 'tollgate-fast', input: 'turn two', previous_response_id: one.id });
    const three = await a2.responses.create({ model: 'tollgate-fast', input: 'turn three', previous_response_id: two.id });
    await a1.responses.delete(two.id);
    stack.mock.reset();
    await a2.responses.create({ model: 'tollgate-fast', input: 'turn four', previous_response_id: three.id });
    expect(upstreamMessages().map((m) => [m.role, textOf(m)])).toEqual([
      ['user', 'turn three'],
      ['assistant', three.output_text],
      ['user', 'turn four'],
    ]);
  });

  it("a refusal in a chained request names the caller's own item, not its place after the chain", async () => {
    const first = await a1.responses.create({
      model: 'tollgate-fast',
      input: [
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
      ],
    });
    const err = await a1.responses
      .create({
        model: 'tollgate-fast',
        previous_response_id: first.id,
        input: [{ role: 'user', content: 'ok' }, { type: 'reasoning', summary: [] } as unknown as OpenAI.Responses.ResponseInputItem],
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({ param: 'input[1].type' });
  });

  it('store: false keeps nothing: the answer says so, retrieve is 404 and the id cannot be chained', async () => {
    const plain = await a1.responses.create({ model: 'tollgate-fast', input: 'ephemeral', store: false });
    expect(plain).toMatchObject({ store: false });
    await notFound(a1.responses.retrieve(plain.id));
    await notFound(a1.responses.create({ model: 'tollgate-fast', input: 'x', previous_response_id: plain.id }), 'previous_response_id');
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const e of await a1.responses.create({ model: 'tollgate-fast', input: 'ephemeral stream', store: false, stream: true })) events.push(e);
    const streamed = (events.at(-1) as OpenAI.Responses.ResponseCompletedEvent).response;
    expect(streamed).toMatchObject({ store: false });
    await notFound(a2.responses.retrieve(streamed.id));
  });

  it("cannot reach another tenant's stored response: retrieve, input_items, delete and chaining are 404 as for an unknown id", async () => {
    const mine = await a1.responses.create({ model: 'tollgate-fast', input: 'secret of A' });
    await notFound(b1.responses.retrieve(mine.id));
    await notFound(b1.responses.inputItems.list(mine.id));
    await notFound(b1.responses.delete(mine.id));
    stack.mock.reset();
    await notFound(b1.responses.create({ model: 'tollgate-fast', input: 'x', previous_response_id: mine.id }), 'previous_response_id');
    expect(stack.mock.requests).toHaveLength(0);
    await notFound(b1.responses.retrieve('resp_00000000000000000000000000000000'));
    // B's attempts changed nothing for A.
    expect((await a2.responses.retrieve(mine.id)).output_text).toContain('secret of A');
  });

  it('a chain past RESPONSES_MAX_CHAIN_BYTES is refused with a 400 naming previous_response_id, before anything is loaded or sent', async () => {
    const big = await a1.responses.create({ model: 'tollgate-fast', input: 'x'.repeat(MAX_CHAIN_BYTES) });
    stack.mock.reset();
    const err = await a2.responses.create({ model: 'tollgate-fast', input: 'more', previous_response_id: big.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({ code: 'invalid_request', param: 'previous_response_id' });
    expect(stack.mock.requests).toHaveLength(0);
    // Still retrievable: only continuing it is refused.
    expect((await a1.responses.retrieve(big.id)).id).toBe(big.id);
  });

  it('the scope is chat:write for every stored-response route', async () => {
    const created = await a1.responses.create({ model: 'tollgate-fast', input: 'scoped' });
    const { key } = await admin.createKey(a.tenantId, { label: 'models-only', scopes: ['models:read'] });
    const narrow = new OpenAI({ apiKey: key, baseURL: stack.gateway.baseUrl, maxRetries: 0 });
    for (const call of [narrow.responses.retrieve(created.id), narrow.responses.inputItems.list(created.id), narrow.responses.delete(created.id)]) {
      const err = await call.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
      expect((err as Error).message).toContain("'chat:write'");
    }
    expect((await a1.responses.retrieve(created.id)).id).toBe(created.id);
  });

  it('responses past RESPONSES_RETENTION_DAYS are deleted by the periodic sweep', async () => {
    const old = await a1.responses.create({ model: 'tollgate-fast', input: 'old news' });
    const fresh = await a1.responses.create({ model: 'tollgate-fast', input: 'fresh news' });
    const db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE gateway.responses SET created_at = now() - interval '31 days' WHERE tenant_id = $1 AND id = $2`, [a.tenantId, old.id]);
    } finally {
      await db.end();
    }
    const state = await eventually(
      () =>
        a1.responses.retrieve(old.id).then(
          () => 'kept',
          (e: unknown) => (e instanceof OpenAI.NotFoundError ? 'gone' : 'error'),
        ),
      (s) => s === 'gone',
    );
    expect(state).toBe('gone');
    expect((await a2.responses.retrieve(fresh.id)).id).toBe(fresh.id);
  });
});
