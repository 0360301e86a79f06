import { Bus } from '@tollgate/messaging';
import { AdminClient } from './support/admin-client';
import { publishUsage, usageEvent } from './support/billing-stack';
import { createTestEnv, NATS_URL, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor } from './support/fixtures';
import { portal } from './support/portal';
import { startStack, Stack } from './support/stack';

type Row = { day: string; requests: number; cost_micros: number };
type Summary = { time_zone: string; from: string; to: string; data: Row[]; total: { requests: number } };

const DAY_MS = 86_400_000;
const MODEL = 'tz-model';

/** Issue 14: /me/usage days are the tenant's reporting time zone's calendar; a call is dated by when it happened. */
describe('/me/usage in the tenant reporting time zone', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let bus: Bus;
  let gw: string;
  const keys: Record<'tokyo' | 'utc', string> = { tokyo: '', utc: '' };
  // A UTC day a few days back: one call at 14:30 UTC (23:30 in Tokyo), one at 15:30 UTC (00:30 the next day in Tokyo).
  const day = (offset: number) => new Date(Date.now() - (3 - offset) * DAY_MS).toISOString().slice(0, 10);
  const [before, d, next] = [day(-1), day(0), day(1)];

  const usage = (who: 'tokyo' | 'utc', query: string) => portal(gw, 'GET', `/me/usage${query}`, { headers: { authorization: `Bearer ${keys[who]}` } });

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    gw = stack.gateway.url;
    bus = await Bus.connect({ url: NATS_URL, prefix: env.natsPrefix, name: 'test-usage-time-zone' });
    await admin.priceModel(MODEL);
    for (const who of ['tokyo', 'utc'] as const) {
      const tenant = await admin.createTenant(`tz-${who}`);
      if (who === 'tokyo') {
        const patched = await admin.call('auth', 'PATCH', `/admin/tenants/${tenant.id}`, { reportingTimeZone: 'Asia/Tokyo' });
        expect(patched.status).toBe(200);
      }
      keys[who] = (await admin.createKey(tenant.id, { label: who, scopes: ['usage:read'] })).key;
      await publishUsage(bus, [
        usageEvent(tenant.id, { model: MODEL, occurredAt: `${d}T14:30:00.000Z` }),
        usageEvent(tenant.id, { model: MODEL, occurredAt: `${d}T15:30:00.000Z` }),
      ]);
      const booked = await eventually(
        () => usage(who, `?from=${before}&to=${next}`),
        (r) => (r.body as Summary).total?.requests === 2,
        30_000,
      );
      expect((booked.body as Summary).total.requests).toBe(2);
    }
  });

  afterAll(async () => {
    await bus?.close();
    await stack?.close();
    await env?.drop();
  });

  it('a call at 15:30 UTC falls on the next day in Asia/Tokyo, and the answer names the zone', async () => {
    const tokyo = await usage('tokyo', `?from=${before}&to=${next}`);
    expect(tokyo.status).toBe(200);
    expect(tokyo.body).toMatchObject({ time_zone: 'Asia/Tokyo', from: before, to: next });
    expect((tokyo.body as Summary).data.map((r) => [r.day, r.requests])).toEqual([
      [d, 1],
      [next, 1],
    ]);

    const utc = await usage('utc', `?from=${before}&to=${next}`);
    expect(utc.body).toMatchObject({ time_zone: 'UTC' });
    expect((utc.body as Summary).data.map((r) => [r.day, r.requests])).toEqual([[d, 2]]);
  });

  it("from/to are the zone's days too: one Tokyo day holds only the calls made during it", async () => {
    const one = (await usage('tokyo', `?from=${next}&to=${next}`)).body as Summary;
    expect(one.total.requests).toBe(1);
    expect(one.data.map((r) => r.day)).toEqual([next]);
    const utcOne = (await usage('utc', `?from=${next}&to=${next}`)).body as Summary;
    expect(utcOne.total.requests).toBe(0);
  });

  it("the CSV download groups by the zone's days as well", async () => {
    const csv = await fetch(`${gw}/me/usage?from=${before}&to=${next}&format=csv`, { headers: { authorization: `Bearer ${keys.tokyo}` } });
    expect(csv.status).toBe(200);
    const lines = (await csv.text())
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(lines).toEqual([d, next]);
  });
});
