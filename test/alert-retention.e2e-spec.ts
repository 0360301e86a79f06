import { randomUUID } from 'node:crypto';
import type { RunningBilling } from '../apps/billing/src/bootstrap';
import { AlertRetentionService } from '../apps/billing/src/alerts/alert-retention.service';
import { BillingConfig, BillingEnv } from '../apps/billing/src/config';
import { createTestEnv, TestEnv } from './support/env';
import { BillingDb, billingEnv, billingFor } from './support/billing-stack';

const DAY_MS = 86_400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY_MS);

/** Finished webhook deliveries and unreferenced alert events go after their retention; pending ones and what they reference stay. */
describe('billing: alert and webhook-delivery retention', () => {
  let env: TestEnv;
  let billing: RunningBilling;
  let db: BillingDb;
  const admin = async (path: string) =>
    (await (await fetch(`${billing.url}${path}`, { headers: { authorization: `Bearer ${env.adminToken}` } })).json()) as { data: { id: string }[] };

  const endpoint = async (tenantId: string): Promise<string> => {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO webhook_endpoints (id, tenant_id, url, event_types, enabled, secret_sealed, created_by, updated_by)
       VALUES (gen_random_uuid(), $1, 'https://example.com/hook', ARRAY['balance.low', 'key.expiring'], false, 'sealed', 'test', 'test') RETURNING id::text`,
      [tenantId],
    );
    return row.id;
  };
  const alert = async (tenantId: string, ageDays: number, type = 'balance.low', data: object = {}): Promise<string> => {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO alert_events (tenant_id, type, dedupe_key, data, occurred_at, created_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id::text`,
      [tenantId, type, `${type}:${randomUUID()}`, JSON.stringify(data), daysAgo(ageDays)],
    );
    return row.id;
  };
  type Delivery = { status: 'pending' | 'delivered' | 'failed'; ageDays: number; alertId?: string; lockedFor?: number };
  const delivery = async (tenantId: string, endpointId: string, d: Delivery): Promise<string> => {
    const at = daysAgo(d.ageDays);
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO webhook_deliveries (endpoint_id, tenant_id, alert_id, type, data, occurred_at, status, attempts, next_attempt_at, locked_until, created_at)
       VALUES ($1, $2, $3, $4, '{}', $5, $6, 1, $7, $8, $5) RETURNING id::text`,
      [
        endpointId,
        tenantId,
        d.alertId ?? null,
        d.alertId ? 'balance.low' : 'webhook.test',
        at,
        d.status,
        d.status === 'pending' ? new Date(Date.now() + DAY_MS) : null,
        d.lockedFor === undefined ? null : new Date(Date.now() + d.lockedFor),
      ],
    );
    return row.id;
  };
  const ids = async (table: string, tenantId: string) =>
    (await db.query<{ id: string }>(`SELECT id::text FROM ${table} WHERE tenant_id = $1`, [tenantId])).map((r) => r.id).sort();

  beforeAll(async () => {
    env = await createTestEnv();
    billing = await billingFor(env);
    db = await BillingDb.open(env);
  });

  afterAll(async () => {
    await billing?.close();
    await db?.close();
    await env?.drop();
  });

  it('deletes finished deliveries past WEBHOOK_DELIVERY_RETENTION_DAYS and unreferenced alerts past ALERT_RETENTION_DAYS, keeps the rest', async () => {
    const tenant = randomUUID();
    const ep = await endpoint(tenant);
    const past = new Date(Date.now() - DAY_MS).toISOString();
    const future = new Date(Date.now() + 30 * DAY_MS).toISOString();
    const alerts = {
      deliveredOnly: await alert(tenant, 100),
      ofPending: await alert(tenant, 100),
      ofRecent: await alert(tenant, 100),
      ofLocked: await alert(tenant, 100),
      orphan: await alert(tenant, 100),
      young: await alert(tenant, 60),
      keyStillLive: await alert(tenant, 100, 'key.expiring', { keyId: 'k1', expiresAt: future }),
      keyExpired: await alert(tenant, 100, 'key.expiring', { keyId: 'k2', expiresAt: past }),
    };
    const deliveries = {
      oldDelivered: await delivery(tenant, ep, { status: 'delivered', ageDays: 40, alertId: alerts.deliveredOnly }),
      oldFailed: await delivery(tenant, ep, { status: 'failed', ageDays: 40 }),
      oldPending: await delivery(tenant, ep, { status: 'pending', ageDays: 40, alertId: alerts.ofPending }),
      recentDelivered: await delivery(tenant, ep, { status: 'delivered', ageDays: 10, alertId: alerts.ofRecent }),
      oldHeld: await delivery(tenant, ep, { status: 'failed', ageDays: 40, alertId: alerts.ofLocked, lockedFor: 3_600_000 }),
    };
    // A backlog of more than one batch (5,000 rows per statement) of another tenant: all of it goes.
    const other = randomUUID();
    const otherEp = await endpoint(other);
    await db.query(
      `INSERT INTO webhook_deliveries (endpoint_id, tenant_id, type, data, occurred_at, status, attempts, created_at)
       SELECT $1, $2, 'webhook.test', '{}', $3, 'delivered', 1, $3 FROM generate_series(1, 5100)`,
      [otherEp, other, daysAgo(31)],
    );
    const logBefore = await admin(`/admin/tenants/${tenant}/webhooks/${ep}/deliveries`);
    expect(logBefore.data).toHaveLength(5);

    const pass = await billing.app.get(AlertRetentionService).sweep();

    expect(pass).toEqual({ deliveries: 5102, alerts: 3 });
    const kept = [deliveries.oldPending, deliveries.recentDelivered, deliveries.oldHeld].sort();
    expect(await ids('webhook_deliveries', tenant)).toEqual(kept);
    expect(await ids('webhook_deliveries', other)).toEqual([]);
    expect(await ids('alert_events', tenant)).toEqual([alerts.ofPending, alerts.ofRecent, alerts.ofLocked, alerts.young, alerts.keyStillLive].sort());
    // The pending delivery still has its alert, and the delivery log shows exactly what is left.
    expect(await db.query('SELECT alert_id::text AS a FROM webhook_deliveries WHERE id = $1', [deliveries.oldPending])).toEqual([{ a: alerts.ofPending }]);
    expect((await admin(`/admin/tenants/${tenant}/webhooks/${ep}/deliveries`)).data.map((d) => d.id).sort()).toEqual(kept);

    expect(await billing.app.get(AlertRetentionService).sweep()).toEqual({ deliveries: 0, alerts: 0 });
  });

  it('validates the settings: 0 keeps forever, an alert retention shorter than the alerts stream is refused', () => {
    const parse = (overrides: NodeJS.ProcessEnv) => BillingEnv.safeParse(billingEnv(env, overrides));
    const ok = parse({}).data as BillingConfig;
    expect([ok.WEBHOOK_DELIVERY_RETENTION_DAYS, ok.ALERT_RETENTION_DAYS]).toEqual([30, 90]);
    expect(parse({ WEBHOOK_DELIVERY_RETENTION_DAYS: '0', ALERT_RETENTION_DAYS: '0' }).success).toBe(true);
    expect(parse({ ALERT_RETENTION_DAYS: '7' }).success).toBe(false);
    expect(parse({ WEBHOOK_DELIVERY_RETENTION_DAYS: '-1' }).success).toBe(false);
    expect(parse({ WEBHOOK_DELIVERY_RETENTION_DAYS: 'soon' }).success).toBe(false);
  });
});
