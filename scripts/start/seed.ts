interface Admin {
  token: string;
  authUrl: string;
  gatewayAdminUrl: string;
  billingUrl: string;
}

async function call<T>(admin: Admin, base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${admin.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path} failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The demo tenant's console user: an owner with the locally generated password (kept when it already exists). */
export const DEMO_PORTAL_EMAIL = 'owner@demo.tollgate.local';

async function seedPortalOwner(admin: Admin, tenantId: string, password: string): Promise<void> {
  const users = await call<{ data: { email: string }[] }>(admin, admin.authUrl, 'GET', `/admin/tenants/${tenantId}/users`);
  if (users.data.some((u) => u.email === DEMO_PORTAL_EMAIL)) return;
  await call(admin, admin.authUrl, 'POST', `/admin/tenants/${tenantId}/users`, { email: DEMO_PORTAL_EMAIL, role: 'owner', password });
}

/** The demo's price (micro-units per million tokens, like gpt-4.1-mini's list price) and starting credit: calls cost money. */
export const DEMO_PRICE = { inputPerMillion: 400_000, cachedInputPerMillion: 100_000, outputPerMillion: 1_600_000, maxOutputTokens: 4096 };
export const DEMO_CREDIT_MICROS = 10_000_000;

export const DEMO_MODELS = [
  { model: 'tollgate-fast', upstreamModel: 'gpt-4.1-mini' },
  { model: 'openai/gpt-4.1-mini', upstreamModel: 'gpt-4.1-mini' },
];

/** Each demo model priced once, and the demo tenant's starting credit when it has never had any. */
async function seedMoney(admin: Admin, tenantId: string): Promise<void> {
  const prices = await call<{ data: { model: string }[] }>(admin, admin.billingUrl, 'GET', '/admin/prices');
  for (const m of DEMO_MODELS) {
    if (prices.data.some((p) => p.model === m.model)) continue;
    await call(admin, admin.billingUrl, 'POST', '/admin/prices', { model: m.model, ...DEMO_PRICE, effectiveFrom: '2020-01-01T00:00:00Z' });
  }
  const ledger = await call<{ data: unknown[] }>(admin, admin.billingUrl, 'GET', `/admin/tenants/${tenantId}/ledger?limit=1`);
  if (!ledger.data.length)
    await call(admin, admin.billingUrl, 'POST', `/admin/tenants/${tenantId}/credits`, { amountMicros: DEMO_CREDIT_MICROS, reason: 'demo starting credit' });
}

/** The first admin (a person, for the admin console), made once with the bootstrap token. */
export const DEMO_ADMIN_EMAIL = 'admin@tollgate.local';

export async function seedAdmin(admin: Admin, password: string): Promise<void> {
  const admins = await call<{ data: { email: string }[] }>(admin, admin.authUrl, 'GET', '/admin/admins');
  if (admins.data.some((a) => a.email === DEMO_ADMIN_EMAIL)) return;
  await call(admin, admin.authUrl, 'POST', '/admin/admins', { email: DEMO_ADMIN_EMAIL, password });
}

export const DEMO_PROVIDER = 'mock-upstream';

/** The demo provider, pointing at this run's mock upstream: made once, and moved when the mock listens elsewhere (another MOCK_PORT). */
async function seedProvider(admin: Admin, mockBaseUrl: string): Promise<{ id: string }> {
  const providers = await call<{ id: string; name: string; baseUrl: string }[]>(admin, admin.gatewayAdminUrl, 'GET', '/admin/providers');
  const existing = providers.find((p) => p.name === DEMO_PROVIDER);
  if (!existing) return call(admin, admin.gatewayAdminUrl, 'POST', '/admin/providers', { name: DEMO_PROVIDER, kind: 'openai', baseUrl: mockBaseUrl });
  if (existing.baseUrl !== mockBaseUrl.replace(/\/+$/, ''))
    await call(admin, admin.gatewayAdminUrl, 'PATCH', `/admin/providers/${existing.id}`, { baseUrl: mockBaseUrl });
  return existing;
}

/** Demo tenant, a provider pointing at the mock upstream, its priced routes, starting credit, and a fresh key. Idempotent. */
export async function seedDemo(admin: Admin, mockBaseUrl: string, portalPassword: string): Promise<{ tenantId: string; key: string }> {
  const tenants = await call<{ id: string; name: string }[]>(admin, admin.authUrl, 'GET', '/admin/tenants');
  const tenant = tenants.find((t) => t.name === 'demo') ?? (await call<{ id: string }>(admin, admin.authUrl, 'POST', '/admin/tenants', { name: 'demo' }));
  const provider = await seedProvider(admin, mockBaseUrl);
  for (const m of DEMO_MODELS) {
    await call(admin, admin.gatewayAdminUrl, 'PUT', `/admin/tenants/${tenant.id}/models`, {
      model: m.model,
      providerId: provider.id,
      upstreamModel: m.upstreamModel,
    });
  }
  await seedMoney(admin, tenant.id);
  await seedPortalOwner(admin, tenant.id, portalPassword);
  const created = await call<{ key: string }>(admin, admin.authUrl, 'POST', `/admin/tenants/${tenant.id}/keys`, { label: `demo-${new Date().toISOString()}` });
  return { tenantId: tenant.id, key: created.key };
}
