import Anthropic from '@anthropic-ai/sdk';
import { connect, JSONCodec, NatsConnection, Subscription } from 'nats';
import OpenAI from 'openai';
import { AlertRaised, prefixed, Subjects } from '@tollgate/contracts';
import { formatInZone, periodBounds } from '@tollgate/credit';
import { BudgetClock } from '../apps/gateway/src/edge/budget-clock';
import { BudgetSettler } from '../apps/gateway/src/edge/budget-settler';
import { AdminClient } from './support/admin-client';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, chat, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';
import { UsageReader } from './support/usage-reader';

const PROMPT = { model: 'tollgate-fast', max_tokens: 5, messages: [{ role: 'user' as const, content: 'hi' }] };

/** The 403 a caller over budget gets, in OpenAI's shape. */
const overBudget = (message: string) => ({ error: { message, type: 'permission_error', param: null, code: 'budget_exceeded' } });

describe('budgets per key and per tenant', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let usage: UsageReader;
  let nc: NatsConnection;
  /** The worst-case hold of one PROMPT call (measured), in micro-units. */
  let hold: number;

  const patchKey = (keyId: string, body: unknown) => admin.call('auth', 'PATCH', `/admin/keys/${keyId}`, body);
  const patchTenant = (tenantId: string, body: unknown) => admin.call('auth', 'PATCH', `/admin/tenants/${tenantId}`, body);
  const me = async (key: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.gateway.url}/me/keys${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const clocks = () => stack.gateways.map((g) => g.app.get(BudgetClock));
  const settled = () => Promise.all(stack.gateways.map((g) => g.app.get(BudgetSettler).flush()));
  /** One call, once every earlier call of this test has settled its budget hold. */
  const untilRefused = async (key: string, i = 0) => {
    await settled();
    return chat(stack.gateways[i % 2].baseUrl, key, PROMPT);
  };
  const dailyReset = (timeZone: string) => formatInZone(periodBounds('day', timeZone, Date.now()).end!, timeZone);

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env, { gateways: 2 });
    admin = adminFor(env, stack);
    usage = await UsageReader.open(env);
    nc = await connect({ servers: NATS_URL });
    const probe = await tenantWithKey(admin, stack, { name: 'probe' });
    const res = await chat(stack.gateway.baseUrl, probe.key, PROMPT);
    expect(res.status).toBe(200);
    hold = (await usage.waitFor(res.headers.get('x-tollgate-request-id')!)).holdMicros ?? 0;
    expect(hold).toBeGreaterThan(20);
  });

  afterEach(() => clocks().forEach((c) => c.reset()));

  afterAll(async () => {
    await nc?.close();
    await usage?.close();
    await stack?.close();
    await env?.drop();
  });

  it('100 concurrent OpenAI SDK calls against a daily budget worth 20: spend stays within it, the rest get the exact 403', async () => {
    const t = await tenantWithKey(admin, stack, { name: 'concurrent' });
    const budget = 20 * hold;
    expect((await patchKey(t.keyId, { budgetMicros: budget, budgetPeriod: 'day' })).status).toBe(200);
    const message = `This API key's daily budget of $0.${String(budget).padStart(6, '0')} is used up; it resets at ${dailyReset('UTC')}.`;
    const clients = stack.gateways.map((g) => new OpenAI({ apiKey: t.key, baseURL: g.baseUrl, maxRetries: 0 }));
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => clients[i % 2].chat.completions.create(PROMPT)));
    const served = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as InstanceType<typeof OpenAI.APIError>);
    expect(served.length).toBeGreaterThanOrEqual(20);
    expect(refused.length).toBeGreaterThan(0);
    for (const err of refused) {
      expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
      expect(err.error).toEqual(overBudget(message).error);
    }
    // Settles free what holds reserved beyond the real costs: calls go on until the spend leaves no room for one more.
    let servedAfter = 0;
    let raw = await untilRefused(t.key);
    for (; raw.status === 200; raw = await untilRefused(t.key)) servedAfter++;
    expect({ status: raw.status, body: raw.body }).toEqual({ status: 403, body: overBudget(message) });

    // What billing books for the key this period: never above the budget (a call's cost never exceeds its hold here).
    const events = await eventually(
      async () => (await usage.all()).map((e) => e.event).filter((e) => e.keyId === t.keyId),
      (list) => list.length >= served.length + servedAfter,
    );
    const booked = events.reduce((sum, e) => sum + e.costMicros, 0);
    const overage = Math.max(0, ...events.map((e) => e.costMicros - (e.holdMicros ?? 0)));
    expect(booked).toBeLessThanOrEqual(budget + overage);
    // The listing reads the same counter: spent = what was booked, once every call settled.
    await settled();
    const listed = await eventually(
      async () =>
        ((await admin.listKeys(t.tenantId)) as { id: string; effectiveBudget: Record<string, unknown> }[]).find((k) => k.id === t.keyId)!.effectiveBudget,
      (e) => e.spentMicros === booked,
    );
    expect(listed).toEqual({ scope: 'key', micros: budget, period: 'day', spentMicros: booked, remainingMicros: budget - booked, resetsAt: dailyReset('UTC') });
  });

  it('an Anthropic SDK call over budget gets the Anthropic-shaped 403', async () => {
    const t = await tenantWithKey(admin, stack, { name: 'anthropic' });
    await patchKey(t.keyId, { budgetMicros: hold - 1, budgetPeriod: 'week' });
    const client = new Anthropic({ apiKey: t.key, baseURL: stack.gateway.url, maxRetries: 0 });
    const err = await client.messages.create({ model: 'tollgate-fast', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.PermissionDeniedError);
    const reset = formatInZone(periodBounds('week', 'UTC', Date.now()).end!, 'UTC');
    expect((err as InstanceType<typeof Anthropic.APIError>).status).toBe(403);
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: {
        type: 'permission_error',
        message: `This API key's weekly budget of $0.${String(hold - 1).padStart(6, '0')} is used up; it resets at ${reset}.`,
      },
    });
  });

  it("a tenant budget limits all its keys together, and the refusal names the organization's budget", async () => {
    const t = await tenantWithKey(admin, stack, { name: 'tenant-budget' });
    const second = await admin.createKey(t.tenantId, { label: 'second' });
    const budget = 3 * hold;
    expect((await patchTenant(t.tenantId, { budgetMicros: budget, budgetPeriod: 'lifetime' })).status).toBe(200);
    const keys = [t.key, second.key];
    const statuses: number[] = [];
    for (let i = 0; i < 40 && !statuses.includes(403); i++) statuses.push((await untilRefused(keys[i % 2], i)).status);
    const message = `This organization's lifetime budget of $0.${String(budget).padStart(6, '0')} is used up; it does not reset.`;
    for (const key of keys) expect((await untilRefused(key)).body).toEqual(overBudget(message));
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(3);
    const booked = (
      await eventually(
        async () => (await usage.all()).map((e) => e.event).filter((e) => e.tenantId === t.tenantId && e.status === 200),
        (list) => list.length >= statuses.filter((s) => s === 200).length,
      )
    ).reduce((sum, e) => sum + e.costMicros, 0);
    expect(booked).toBeLessThanOrEqual(budget);
  });

  it("the period resets at the tenant's local midnight (Asia/Tokyo), by the gateway's budget clock", async () => {
    const t = await tenantWithKey(admin, stack, { name: 'tokyo' });
    expect((await patchTenant(t.tenantId, { reportingTimeZone: 'Asia/Tokyo' })).body).toMatchObject({ reportingTimeZone: 'Asia/Tokyo' });
    expect((await patchTenant(t.tenantId, { reportingTimeZone: 'Mars/Olympus' })).status).toBe(400);
    await patchKey(t.keyId, { budgetMicros: hold + 1, budgetPeriod: 'day' });
    const at = (iso: string) => clocks().forEach((c) => c.set(Date.parse(iso)));
    at('2026-11-26T23:59:00+09:00');
    expect((await chat(stack.gateway.baseUrl, t.key, PROMPT)).status).toBe(200);
    const refused = await chat(stack.gateway.baseUrl, t.key, PROMPT);
    expect(refused.body).toEqual(
      overBudget(`This API key's daily budget of $0.${String(hold + 1).padStart(6, '0')} is used up; it resets at 2026-11-27T00:00:00+09:00.`),
    );
    at('2026-11-27T00:00:01+09:00');
    expect((await chat(stack.gateway.baseUrl, t.key, PROMPT)).status).toBe(200);
    expect((await chat(stack.gateway.baseUrl, t.key, PROMPT)).body.error?.message).toContain('resets at 2026-11-28T00:00:00+09:00');
  });

  it('rotating a key keeps its budget and what it spent this period', async () => {
    const t = await tenantWithKey(admin, stack, { name: 'rotation' });
    await patchKey(t.keyId, { budgetMicros: hold + 1, budgetPeriod: 'day' });
    expect((await untilRefused(t.key)).status).toBe(200);
    const rotated = await admin.rotateKey(t.keyId);
    const refused = await untilRefused(rotated.key);
    expect(refused.body).toEqual(
      overBudget(`This API key's daily budget of $0.${String(hold + 1).padStart(6, '0')} is used up; it resets at ${dailyReset('UTC')}.`),
    );
  });

  it('a soft threshold publishes exactly one tenants.alerts.raised.v1 event across many calls', async () => {
    const t = await tenantWithKey(admin, stack, { name: 'alerts' });
    const budget = 40 * hold;
    await patchKey(t.keyId, { budgetMicros: budget, budgetPeriod: 'month', budgetAlertPercent: 10 });
    const seen: AlertRaised[] = [];
    const sub: Subscription = nc.subscribe(prefixed(env.natsPrefix, Subjects.alertRaised));
    void (async () => {
      for await (const m of sub) {
        const alert = AlertRaised.parse(JSONCodec().decode(m.data));
        if (alert.tenantId === t.tenantId) seen.push(alert);
      }
    })();
    await nc.flush();
    const results = await Promise.all(Array.from({ length: 30 }, () => chat(stack.gateway.baseUrl, t.key, PROMPT)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    await settled();
    // Exhaust the budget: the exceeded alert is published after every threshold alert of this gateway.
    await patchKey(t.keyId, { budgetMicros: hold - 1 });
    await eventually(
      () => chat(stack.gateway.baseUrl, t.key, PROMPT),
      (r) => r.status === 403,
    );
    await eventually(
      async () => seen,
      (s) => s.some((a) => a.type === 'budget.exceeded'),
    );
    sub.unsubscribe();
    const thresholds = seen.filter((a) => a.type === 'budget.threshold');
    expect(thresholds).toHaveLength(1);
    const month = periodBounds('month', 'UTC', Date.now());
    expect(thresholds[0]).toMatchObject({
      dedupeKey: `budget.threshold:key:${t.keyId}:month:${month.start}`,
      data: {
        scope: 'key',
        keyId: t.keyId,
        budgetMicros: budget,
        period: 'month',
        percent: 10,
        periodStart: formatInZone(month.start, 'UTC'),
        periodEnd: formatInZone(month.end!, 'UTC'),
      },
    });
    expect(thresholds[0].data.spentMicros).toBeGreaterThanOrEqual(budget / 10);
  });

  describe('through /me', () => {
    let t: TenantFixture;
    let manager: { id: string; key: string };

    beforeAll(async () => {
      t = await tenantWithKey(admin, stack, { name: 'me-budgets' });
      await patchTenant(t.tenantId, { budgetMicros: 1_000_000, budgetPeriod: 'month' });
      manager = await admin.createKey(t.tenantId, {
        label: 'manager',
        scopes: ['chat:write', 'embeddings:write', 'models:read', 'billing:read', 'keys:manage'],
      });
    });

    it("a keys:manage key sets a key's budget, shown in the listing, but never above the organization's", async () => {
      const set = await me(manager.key, 'PATCH', `/${t.keyId}`, { budget_micros: 500_000, budget_period: 'day', budget_alert_percent: 80 });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ id: t.keyId, budget_micros: 500_000, budget_period: 'day', budget_alert_percent: 80 });
      const listed = (await me(manager.key, 'GET', '')).body.data as Record<string, any>[];
      expect(listed.find((k) => k.id === t.keyId)!.effective_budget).toEqual({
        scope: 'key',
        budget_micros: 500_000,
        period: 'day',
        spent_micros: 0,
        remaining_micros: 500_000,
        resets_at: dailyReset('UTC'),
      });
      expect(listed.find((k) => k.id === manager.id)!.effective_budget).toMatchObject({ scope: 'organization', budget_micros: 1_000_000, period: 'month' });
      const over = await me(manager.key, 'PATCH', `/${t.keyId}`, { budget_micros: 2_000_000 });
      expect(over.status).toBe(400);
      expect(over.body.error).toMatchObject({
        code: 'invalid_request',
        param: 'budget_micros',
        message: "A key's budget cannot exceed the organization's budget of $1.000000 per month.",
      });
      expect((await me(manager.key, 'GET', '')).body.data.find((k: { id: string }) => k.id === t.keyId).budget_micros).toBe(500_000);
    });

    it('a key cannot raise (or remove) its own budget, only lower it', async () => {
      await patchKey(manager.id, { budgetMicros: 300_000, budgetPeriod: 'day' });
      const raise = await me(manager.key, 'PATCH', `/${manager.id}`, { budget_micros: 400_000 });
      expect(raise.status).toBe(403);
      expect(raise.body.error).toMatchObject({ type: 'permission_error', code: 'key_not_manageable' });
      expect(raise.body.error.message).toContain('You cannot raise or remove your own budget');
      expect((await me(manager.key, 'PATCH', `/${manager.id}`, { budget_micros: null })).status).toBe(403);
      const lower = await me(manager.key, 'PATCH', `/${manager.id}`, { budget_micros: 200_000 });
      expect(lower.status).toBe(200);
      expect(lower.body.budget_micros).toBe(200_000);
      // With a budget of its own, it can no longer manage the key whose budget is higher (500 000).
      expect((await me(manager.key, 'PATCH', `/${t.keyId}`, { budget_micros: 100_000 })).status).toBe(403);
    });
  });
});
