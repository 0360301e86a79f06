import { eventually } from './eventually';

/** What a model costs in tests unless a test prices it itself: 1 USD per million input tokens, 4 per million output. */
export const TEST_PRICE = {
  inputPerMillion: 1_000_000,
  cachedInputPerMillion: 250_000,
  outputPerMillion: 4_000_000,
  maxOutputTokens: 4096,
  effectiveFrom: '2020-01-01T00:00:00Z',
};

type Base = 'auth' | 'gateway' | 'billing';

/** Small typed client for the admin REST APIs, as an operator's script would call them. */
export class AdminClient {
  private readonly priced = new Set<string>();

  constructor(
    private readonly token: string,
    private readonly authUrl: string,
    private readonly gatewayAdminUrl: string,
    private readonly billingUrl: string | null = null,
    /** Every gateway's admin URL: a price counts once each of them holds it. */
    private readonly gatewayAdminUrls: string[] = [gatewayAdminUrl],
  ) {}

  /** The same services, called with another bearer token (an admin session token, or none with ''). */
  withToken(token: string): AdminClient {
    return new AdminClient(token, this.authUrl, this.gatewayAdminUrl, this.billingUrl, this.gatewayAdminUrls);
  }

  private base(base: Base): string {
    if (base === 'auth') return this.authUrl;
    if (base === 'gateway') return this.gatewayAdminUrl;
    if (!this.billingUrl) throw new Error('this stack runs no billing');
    return this.billingUrl;
  }

  async call<T = unknown>(base: Base, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.base(base)}${path}`, {
      method,
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  private async ok<T>(base: Base, method: string, path: string, body?: unknown): Promise<T> {
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
    return this.ok<{ id: string; key: string; label: string; prefix: string; last4: string; masked: string }>(
      'auth',
      'POST',
      `/admin/tenants/${tenantId}/keys`,
      spec,
    );
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

  /** Registers the route and, where billing runs, gives the model the test price if it has none (a gateway serves no unpriced model). */
  async addModel(tenantId: string, model: string, providerId: string, upstreamModel = model) {
    const route = await this.ok<Record<string, unknown>>('gateway', 'POST', `/admin/tenants/${tenantId}/models`, { model, providerId, upstreamModel });
    if (this.billingUrl) await this.priceModel(model);
    return route;
  }

  /** TEST_PRICE for `model` (once), then waits until every gateway holds it. */
  async priceModel(model: string, price: Partial<typeof TEST_PRICE> = {}): Promise<void> {
    if (this.priced.has(model) && !Object.keys(price).length) return;
    this.priced.add(model);
    // Dated back (2020) only where nothing priced the model yet: a price in force is replaced from now on (billing refuses backdating it).
    const current = await this.ok<{ data: { model: string }[] }>('billing', 'GET', '/admin/prices');
    const { effectiveFrom, ...rates } = TEST_PRICE;
    const from = current.data.some((p) => p.model === model) ? {} : { effectiveFrom };
    await this.ok('billing', 'POST', '/admin/prices', { model, ...rates, ...from, ...price });
    for (const url of this.gatewayAdminUrls) {
      const pricedModels = async () => {
        const res = await fetch(`${url}/admin/prices`, { headers: { authorization: `Bearer ${this.token}` } });
        return ((await res.json()) as { data: { model: string }[] }).data.map((p) => p.model);
      };
      const held = await eventually(pricedModels, (models) => models.includes(model), 10_000, 25);
      if (!held.includes(model)) throw new Error(`gateway ${url} never received the price of ${model}`);
    }
  }

  /** An admin credit, as an operator grants one. */
  credit(tenantId: string, amountMicros: number, reason = 'test credit') {
    return this.ok<Record<string, unknown>>('billing', 'POST', `/admin/tenants/${tenantId}/credits`, { amountMicros, reason });
  }
}
