/** Small typed client for the admin REST APIs, as an operator's script would call them. */
export class AdminClient {
  constructor(
    private readonly token: string,
    private readonly authUrl: string,
    private readonly gatewayAdminUrl: string,
  ) {}

  async call<T = unknown>(base: 'auth' | 'gateway', method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${base === 'auth' ? this.authUrl : this.gatewayAdminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  private async ok<T>(base: 'auth' | 'gateway', method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.call<T>(base, method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  createTenant(name: string) {
    return this.ok<{ id: string; name: string }>('auth', 'POST', '/admin/tenants', { name });
  }

  createKey(
    tenantId: string,
    spec: { label: string; scopes?: string[]; models?: string[]; expiresAt?: string; rateLimits?: { rpm?: number; tpm?: number } } = { label: 'test' },
  ) {
    return this.ok<{ id: string; key: string; label: string; prefix: string; last4: string; masked: string }>('auth', 'POST', `/admin/tenants/${tenantId}/keys`, spec);
  }

  listKeys(tenantId: string) {
    return this.ok<Record<string, unknown>[]>('auth', 'GET', `/admin/tenants/${tenantId}/keys`);
  }

  rotateKey(keyId: string, gracePeriodSeconds?: number) {
    return this.ok<{ id: string; key: string }>('auth', 'POST', `/admin/keys/${keyId}/rotate`, gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds });
  }

  revokeKey(keyId: string) {
    return this.ok<Record<string, unknown>>('auth', 'POST', `/admin/keys/${keyId}/revoke`);
  }

  deleteKey(keyId: string) {
    return this.ok<void>('auth', 'DELETE', `/admin/keys/${keyId}`);
  }

  createProvider(spec: { name: string; kind?: string; baseUrl: string; apiKey?: string }) {
    return this.ok<{ id: string; name: string }>('gateway', 'POST', '/admin/providers', { kind: 'openai', ...spec });
  }

  addModel(tenantId: string, model: string, providerId: string, upstreamModel = model) {
    return this.ok<Record<string, unknown>>('gateway', 'POST', `/admin/tenants/${tenantId}/models`, { model, providerId, upstreamModel });
  }
}
