import { AdminClient } from './admin-client';
import type { Stack } from './stack';
import type { TestEnv } from './env';

export interface TenantFixture {
  tenantId: string;
  providerId: string;
  key: string;
  keyId: string;
}

export interface TenantOptions {
  name?: string;
  models?: string[];
  keyModels?: string[];
  scopes?: string[];
  creditMicros?: number;
}

let providerSeq = 0;

/** A tenant with a route `model` → the mock upstream and one key, made through the admin APIs. */
export async function tenantWithKey(admin: AdminClient, stack: Stack, opts: TenantOptions = {}): Promise<TenantFixture> {
  const tenantId = (await admin.createTenant(opts.name ?? 'tenant')).id;
  const credit = opts.creditMicros ?? TEST_CREDIT_MICROS;
  if (credit > 0) await admin.credit(tenantId, credit);
  const provider = await admin.createProvider({ name: `mock-${++providerSeq}-${Date.now()}`, baseUrl: stack.mock.url, apiKey: 'sk-upstream-secret' });
  for (const model of opts.models ?? ['tollgate-fast']) await admin.addModel(tenantId, model, provider.id, 'gpt-4.1-mini');
  const created = await admin.createKey(tenantId, {
    label: 'fixture',
    ...(opts.keyModels ? { models: opts.keyModels } : {}),
    ...(opts.scopes ? { scopes: opts.scopes } : {}),
  });
  return { tenantId, providerId: provider.id, key: created.key, keyId: created.id };
}

/** A fixture tenant's starting credit: 1,000 currency units, so ordinary tests never run out. */
export const TEST_CREDIT_MICROS = 1_000_000_000;

export function adminFor(env: TestEnv, stack: Stack): AdminClient {
  return new AdminClient(
    env.adminToken,
    stack.auth.url,
    stack.gateway.adminUrl,
    stack.billing.url,
    stack.gateways.map((g) => g.adminUrl),
  );
}

export async function chat(
  baseUrl: string,
  key: string | null,
  body: unknown = { model: 'tollgate-fast', messages: [{ role: 'user', content: 'hi' }] },
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json as { error?: { message: string; type: string; code: unknown; param: unknown } }, headers: res.headers };
}

/** TokModel's 401 body, exactly. */
export const INVALID_KEY_BODY = { error: { message: 'Invalid or missing API key.', type: 'authentication_error', code: 401 } };

/** TokModel's 403 body for a balance that cannot cover the request, exactly. */
export const INSUFFICIENT_CREDITS_BODY = {
  error: { message: 'Insufficient credits. Please top up your account balance.', type: 'authorization_error', code: 403 },
};
