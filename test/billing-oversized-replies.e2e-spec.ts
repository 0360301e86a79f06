import { randomUUID } from 'node:crypto';
import { AdminClient } from './support/admin-client';
import { BillingDb } from './support/billing-stack';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

/** Inserts `n` request-log rows straight into billing's table, as rows written before the gateway bounded model names. */
async function insertRows(db: BillingDb, t: TenantFixture, n: number, field: (g: string) => string): Promise<void> {
  const tag = randomUUID();
  await db.query(
    `INSERT INTO usage_records (request_id, tenant_id, key_id, key_label, model, provider, upstream_model, prompt_tokens, completion_tokens, status, latency_ms)
     SELECT $1 || '_' || g, $2, $3, $4 || g, $5 || g, $6, $6, 1, 1, 200, 5 FROM generate_series(1, $7::int) g`,
    [tag, t.tenantId, t.keyId, field('label'), field('model'), field('provider'), n],
  );
}

describe('billing replies that would not fit NATS (issue 10, item 1)', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let db: BillingDb;
  const month = new Date().toISOString().slice(0, 7);
  const me = (t: TenantFixture, path: string, accept = 'application/json') =>
    fetch(`${stack.gateway.url}${path}`, { headers: { authorization: `Bearer ${t.key}`, accept } });

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    db = await BillingDb.open(env);
  });

  afterAll(async () => {
    await db?.close();
    await stack?.close();
    await env?.drop();
  });

  it('600 KB model names: request logs (JSON and CSV) and the statement answer 200 with the names clipped', async () => {
    const t = await tenantWithKey(admin, stack);
    await insertRows(db, t, 3, (f) => `${f}-${'x'.repeat(600_000)}-`);

    const logs = await me(t, '/me/request-logs?limit=10');
    expect(logs.status).toBe(200);
    const page = (await logs.json()) as { data: { model: string; key_label: string }[]; next_cursor: string | null };
    expect(page.data).toHaveLength(3);
    expect(page.next_cursor).toBeNull();
    for (const row of page.data) {
      expect(row.model).toMatch(/^model-x+…$/);
      expect(row.model).toHaveLength(256);
      expect(row.key_label).toHaveLength(256);
    }
    const csv = await me(t, '/me/request-logs?limit=10', 'text/csv');
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(4);

    const statement = await me(t, `/me/billing/statement?month=${month}`);
    expect(statement.status).toBe(200);
    const s = (await statement.json()) as { usage: { model: string; requests: number }[] };
    expect(s.usage.reduce((n, u) => n + u.requests, 0)).toBe(3);
    for (const u of s.usage) expect(u.model).toHaveLength(256);
    expect((await me(t, `/me/billing/statement?month=${month}`, 'text/csv')).status).toBe(200);
  });

  it('pages are cut by bytes: 1,000 long rows at limit=1000 come back in several pages, every row once', async () => {
    const t = await tenantWithKey(admin, stack);
    await insertRows(db, t, 1000, (f) => `${f}-${'y'.repeat(2000)}-`);
    for (const accept of ['application/json', 'text/csv']) {
      const seen = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await me(t, `/me/request-logs?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, accept);
        expect(res.status).toBe(200);
        const body = await res.text();
        expect(Buffer.byteLength(body)).toBeLessThan(1024 * 1024);
        pages++;
        if (accept === 'text/csv') {
          for (const line of body.trim().split('\r\n').slice(1)) seen.add(line.split(',')[1]);
          cursor = res.headers.get('x-next-cursor');
        } else {
          const page = JSON.parse(body) as { data: { request_id: string }[]; next_cursor: string | null };
          for (const row of page.data) seen.add(row.request_id);
          cursor = page.next_cursor;
        }
      } while (cursor && pages < 20);
      expect(pages).toBeGreaterThan(1);
      expect(seen.size).toBe(1000);
    }
  });

  it('a reply still too large is an error answer: the caller gets a 503 at once, and billing keeps answering', async () => {
    const t = await tenantWithKey(admin, stack);
    // 5,000 models that differ in their first characters: 5,000 statement lines of ~250 characters, over 1 MiB.
    await db.query(
      `INSERT INTO usage_records (request_id, tenant_id, key_id, model, prompt_tokens, completion_tokens, status, latency_ms)
       SELECT $1 || '_' || g, $2, $3, g || '-' || repeat('z', 240), 1, 1, 200, 5 FROM generate_series(1, 5000) g`,
      [randomUUID(), t.tenantId, t.keyId],
    );
    const started = Date.now();
    const res = await me(t, `/me/billing/statement?month=${month}`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/larger than the message bus allows/);
    expect(Date.now() - started).toBeLessThan(5000); // the gateway waits up to 10 s for a reply that never comes
    expect((await me(t, '/me/billing/balance')).status).toBe(200);
    expect((await me(t, '/me/request-logs?limit=5')).status).toBe(200);
  });
});
