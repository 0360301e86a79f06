interface Admin {
  token: string;
  authUrl: string;
  gatewayAdminUrl: string;
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

export const DEMO_MODELS = [
  { model: 'tollgate-fast', upstreamModel: 'gpt-4.1-mini' },
  { model: 'openai/gpt-4.1-mini', upstreamModel: 'gpt-4.1-mini' },
];

/** Demo tenant, a provider pointing at the mock upstream, its routes, and a fresh key. Idempotent. */
export async function seedDemo(admin: Admin, mockBaseUrl: string): Promise<{ tenantId: string; key: string }> {
  const tenants = await call<{ id: string; name: string }[]>(admin, admin.authUrl, 'GET', '/admin/tenants');
  const tenant = tenants.find((t) => t.name === 'demo') ?? (await call<{ id: string }>(admin, admin.authUrl, 'POST', '/admin/tenants', { name: 'demo' }));
  const providers = await call<{ id: string; name: string }[]>(admin, admin.gatewayAdminUrl, 'GET', '/admin/providers');
  const provider =
    providers.find((p) => p.name === 'mock-upstream') ??
    (await call<{ id: string }>(admin, admin.gatewayAdminUrl, 'POST', '/admin/providers', { name: 'mock-upstream', kind: 'openai', baseUrl: mockBaseUrl }));
  for (const m of DEMO_MODELS) {
    await call(admin, admin.gatewayAdminUrl, 'PUT', `/admin/tenants/${tenant.id}/models`, { model: m.model, providerId: provider.id, upstreamModel: m.upstreamModel });
  }
  const created = await call<{ key: string }>(admin, admin.authUrl, 'POST', `/admin/tenants/${tenant.id}/keys`, { label: `demo-${new Date().toISOString()}` });
  return { tenantId: tenant.id, key: created.key };
}
