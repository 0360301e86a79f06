/** Seeds the bench tenant through the admin REST APIs, exactly as an operator would. */

export interface AdminApis {
  token: string;
  authUrl: string;
  gatewayAdminUrl: string;
  billingUrl: string;
}

/**
 * The bench route's price (micro-units per million tokens; about 100 micro-units a request)
 * and the tenant's prepaid credit: every call places a real hold and settles a real cost.
 */
export const BENCH_PRICE = { inputPerMillion: 1_000_000, cachedInputPerMillion: 250_000, outputPerMillion: 4_000_000, maxOutputTokens: 4096 };
const BENCH_CREDIT_MICROS = 100_000_000_000;

/** A mock upstream the gateway gets a provider and a route for. */
export interface UpstreamSeed {
  /** Provider name and route suffix, e.g. `0ms` → provider `bench-mock-0ms`, route `bench-0ms`. */
  label: string;
  baseUrl: string;
}

/** What the mock is asked for, directly or behind a route. */
export const UPSTREAM_MODEL = 'gpt-4.1-mini';

async function call<T>(admin: AdminApis, base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${admin.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`${method} ${base}${path} failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export const routeName = (label: string): string => `bench-${label}`;

/** A tenant with prepaid credit, one provider and one priced route per upstream, and a key that may call them. */
export async function seedBench(admin: AdminApis, upstreams: UpstreamSeed[]): Promise<{ tenantId: string; key: string }> {
  const tenant = await call<{ id: string }>(admin, admin.authUrl, 'POST', '/admin/tenants', { name: 'bench' });
  for (const u of upstreams) {
    const provider = await call<{ id: string }>(admin, admin.gatewayAdminUrl, 'POST', '/admin/providers', {
      name: `bench-mock-${u.label}`,
      kind: 'openai',
      baseUrl: u.baseUrl,
    });
    await call(admin, admin.gatewayAdminUrl, 'PUT', `/admin/tenants/${tenant.id}/models`, {
      model: routeName(u.label),
      providerId: provider.id,
      upstreamModel: UPSTREAM_MODEL,
    });
    await call(admin, admin.billingUrl, 'POST', '/admin/prices', { model: routeName(u.label), ...BENCH_PRICE, effectiveFrom: '2020-01-01T00:00:00Z' });
  }
  await call(admin, admin.billingUrl, 'POST', `/admin/tenants/${tenant.id}/credits`, { amountMicros: BENCH_CREDIT_MICROS, reason: 'bench' });
  const created = await call<{ key: string }>(admin, admin.authUrl, 'POST', `/admin/tenants/${tenant.id}/keys`, { label: 'bench' });
  return { tenantId: tenant.id, key: created.key };
}
