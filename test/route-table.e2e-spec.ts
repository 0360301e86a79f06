import { request as httpRequest } from 'node:http';
import { SCOPES } from '@tollgate/contracts';
import { startGateway, RunningGateway } from '../apps/gateway/src/bootstrap';
import { GatewayEnv } from '../apps/gateway/src/config';
import { EdgeGate } from '../apps/gateway/src/edge/edge-gate.service';
import { V1_ROUTES } from '../apps/gateway/src/http/public-routes';
import { PortalClient } from '../apps/gateway/src/me/portal-client';
import { AdminClient } from './support/admin-client';
import { createTestEnv, infraEnv, TestEnv } from './support/env';
import { adminFor, tenantWithKey } from './support/fixtures';
import { startStack, Stack } from './support/stack';

type Wire = 'openai' | 'anthropic' | 'anthropic-if-versioned';
/**
 * key: an API key only (/v1). key-or-session: /me behind MeAuthGuard. session: MeAuthGuard's
 * session-only routes (a key is admitted, then refused). cookie: the session routes that read the
 * cookie themselves (no key is ever admitted). none: anonymous (sign-in, accepting an invite).
 */
type Auth = 'key' | 'key-or-session' | 'session' | 'cookie' | 'none';

interface Row {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As the OpenAPI document writes it (`{param}`). */
  path: string;
  wire: Wire;
  auth: Auth;
  body: boolean;
}

const row = (method: Row['method'], path: string, auth: Auth, body: boolean, wire: Wire = 'openai'): Row => ({ method, path, wire, auth, body });

/** EVERY public route. A route the gateway serves without a row here fails the first test. */
const ROUTES: Row[] = [
  row('POST', '/v1/chat/completions', 'key', true),
  row('POST', '/v1/messages', 'key', true, 'anthropic'),
  row('POST', '/v1/messages/count_tokens', 'key', true, 'anthropic'),
  row('POST', '/v1/embeddings', 'key', true),
  row('GET', '/v1/models', 'key', false, 'anthropic-if-versioned'),
  row('GET', '/v1/models/{model}', 'key', false, 'anthropic-if-versioned'),
  row('POST', '/v1/responses', 'key', true),
  row('GET', '/v1/responses/{response_id}', 'key', false),
  row('DELETE', '/v1/responses/{response_id}', 'key', false),
  row('GET', '/v1/responses/{response_id}/input_items', 'key', false),
  row('POST', '/me/session', 'none', true),
  row('GET', '/me/session', 'cookie', false),
  row('DELETE', '/me/session', 'none', false), // sign-out: clears whatever cookie there is, needs none
  row('POST', '/me/invites/accept', 'none', true),
  row('GET', '/me/keys', 'key-or-session', false),
  row('POST', '/me/keys', 'key-or-session', true),
  row('PATCH', '/me/keys/{keyId}', 'key-or-session', true),
  row('DELETE', '/me/keys/{keyId}', 'key-or-session', false),
  row('POST', '/me/keys/{keyId}/rotate', 'key-or-session', true),
  row('POST', '/me/keys/{keyId}/revoke', 'key-or-session', false),
  row('GET', '/me/models', 'key-or-session', false),
  row('GET', '/me/models/health', 'key-or-session', false),
  row('GET', '/me/usage', 'key-or-session', false),
  row('GET', '/me/request-logs', 'key-or-session', false),
  row('GET', '/me/billing/balance', 'key-or-session', false),
  row('POST', '/me/billing/top-ups', 'key-or-session', true),
  row('GET', '/me/billing/statement', 'key-or-session', false),
  row('GET', '/me/billing/profile', 'key-or-session', false),
  row('PUT', '/me/billing/profile', 'key-or-session', true),
  row('GET', '/me/billing/invoices', 'key-or-session', false),
  row('GET', '/me/billing/invoices/{invoiceId}', 'key-or-session', false),
  row('GET', '/me/billing/credit-notes', 'key-or-session', false),
  row('GET', '/me/billing/credit-notes/{creditNoteId}', 'key-or-session', false),
  row('GET', '/me/audit-log', 'key-or-session', false),
  row('GET', '/me/webhooks', 'key-or-session', false),
  row('POST', '/me/webhooks', 'key-or-session', true),
  row('GET', '/me/webhooks/settings', 'key-or-session', false),
  row('PUT', '/me/webhooks/settings', 'key-or-session', true),
  row('PATCH', '/me/webhooks/{endpointId}', 'key-or-session', true),
  row('DELETE', '/me/webhooks/{endpointId}', 'key-or-session', false),
  row('POST', '/me/webhooks/{endpointId}/rotate-secret', 'key-or-session', false),
  row('POST', '/me/webhooks/{endpointId}/test', 'key-or-session', false),
  row('GET', '/me/webhooks/{endpointId}/deliveries', 'key-or-session', false),
  row('GET', '/me/users', 'session', false),
  row('POST', '/me/users', 'session', true),
  row('PATCH', '/me/users/{userId}', 'session', true),
  row('DELETE', '/me/users/{userId}', 'session', false),
  row('POST', '/me/users/{userId}/reset', 'session', false),
  row('GET', '/me/sessions', 'session', false),
  row('DELETE', '/me/sessions/{sessionId}', 'session', false),
  row('POST', '/me/password', 'session', true),
];

const BODY_LIMIT = 64 * 1024;
/** What the provoked 500s carry in their message; it must never reach the caller. */
const SECRET = 'redis://admin:s3cret@10.0.0.7 tenant-ledger stack';
const SESSION_COOKIE = 'tollgate_session=not-a-real-session-0123456789abcdef';
const ERROR_ID = /\(id [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)/;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: unknown;
}

/** One raw request (so any content type and size can be sent), its answer parsed as JSON when it is. */
function send(base: string, method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* kept as text: the assertion shows it */
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
    });
    // A server that answers before reading a large body may close the socket under the writer.
    req.on('error', reject);
    req.end(body);
  });
}

/** A concrete path for a row (parameters filled with ids nothing has). */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, (p) => (p === '{model}' ? 'tollgate-fast' : '00000000-0000-4000-8000-000000000000'));
const label = (r: Row) => `${r.method} ${r.path}`;
/** The wire format a row's answer should take for a request sent with `versioned` (anthropic-version). */
const shapeOf = (r: Row, versioned: boolean): 'openai' | 'anthropic' => (r.wire === 'anthropic-if-versioned' ? (versioned ? 'anthropic' : 'openai') : r.wire);

/** The error body in the wire format, with the status's OpenAI type where it is fixed. */
function expectErrorShape(res: Answer, shape: 'openai' | 'anthropic'): void {
  if (shape === 'anthropic') {
    expect(res.body).toEqual({ type: 'error', error: { type: expect.any(String), message: expect.any(String) }, request_id: expect.stringMatching(/^req_/) });
  } else {
    expect(res.body).toEqual({ error: expect.objectContaining({ message: expect.any(String), type: expect.any(String) }) });
    expect((res.body as { type?: unknown }).type).toBeUndefined();
  }
}

function messageOf(res: Answer): string {
  return (res.body as { error?: { message?: string } }).error?.message ?? '';
}

describe('the route table: every public route through the one pipeline', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let failing: RunningGateway;
  let key: string;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env, { gatewayEnv: { BODY_LIMIT_BYTES: String(BODY_LIMIT) } });
    admin = adminFor(env, stack);
    const t = await tenantWithKey(admin, stack, { name: 'route-table' });
    key = (await admin.createKey(t.tenantId, { label: 'every scope, limited', scopes: [...SCOPES], rateLimits: { rpm: 100_000 } })).key;
    // Test-only providers through startGateway's overrides (as bench/gateway-bypass.ts swaps its own in):
    // admission's Redis round trip and auth's portal subjects fail with an error that names internals.
    const boom = () => Promise.reject(new Error(SECRET));
    failing = await startGateway(
      GatewayEnv.parse({ ...infraEnv(env), CATALOG_SECRET: env.catalogSecret, GATEWAY_PORT: '0', GATEWAY_ADMIN_PORT: '0', ALLOW_PRIVATE_UPSTREAMS: 'true' }),
      {
        overrides: [
          { provide: EdgeGate, useValue: { admit: boom } },
          { provide: PortalClient, useValue: { ask: boom } },
        ],
      },
    );
  });

  afterAll(async () => {
    await failing?.close();
    await stack?.close();
    await env?.drop();
  });

  it('has a row for every route the gateway serves (its OpenAPI document), and the /v1 rows match the route declarations', async () => {
    const doc = (await (await fetch(`${stack.gateway.url}/api/docs-json`)).json()) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    const served = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([m, op]) => `${m.toUpperCase()} ${path} body=${op.requestBody !== undefined}`),
    );
    expect(ROUTES.map((r) => `${label(r)} body=${r.body}`).sort()).toEqual(served.sort());
    const declared = Object.values(V1_ROUTES).map((d) => `${d.method} ${d.path.replace(/:(\w+)/g, '{$1}')} ${d.wireFormat} ${d.auth}`);
    expect(
      ROUTES.filter((r) => r.path.startsWith('/v1/'))
        .map((r) => `${label(r)} ${r.wire} ${r.auth}`)
        .sort(),
    ).toEqual(declared.sort());
  });

  const keyed = ROUTES.filter((r) => r.auth !== 'none' && r.auth !== 'cookie');
  const withBody = ROUTES.filter((r) => r.body);
  const json = { 'content-type': 'application/json', 'x-tollgate-csrf': '1' };

  describe.each(ROUTES.filter((r) => r.auth !== 'none').map((r) => [label(r), r] as const))('%s without a credential', (_name, r) => {
    it.each([false, true])('is a 401 in its wire format, with both request ids (anthropic-version: %s)', async (versioned) => {
      const headers: Record<string, string> = { ...json, 'x-request-id': 'caller-trace.1', ...(versioned ? { 'anthropic-version': '2023-06-01' } : {}) };
      const res = await send(stack.gateway.url, r.method, concrete(r.path), headers, r.body ? '{}' : undefined);
      expect(res.status).toBe(401);
      expectErrorShape(res, shapeOf(r, versioned));
      expect(res.headers['x-request-id']).toBe('caller-trace.1');
      expect(res.headers['x-tollgate-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
    });
  });

  it.each(keyed.map((r) => [label(r), r] as const))('%s with a limited key: request ids and rate-limit headers on the answer', async (_name, r) => {
    const res = await send(stack.gateway.url, r.method, concrete(r.path), { ...json, authorization: `Bearer ${key}` }, r.body ? '{}' : undefined);
    // Whatever the handler makes of an empty body or an unknown id (400, 403 session_required, 404, 501 no payment provider): never a refused key, never a crash.
    expect([401, 500]).not.toContain(res.status);
    expect(res.headers['x-tollgate-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
    expect(res.headers['x-request-id']).toBe(res.headers['x-tollgate-request-id']);
    expect(res.headers['x-ratelimit-limit-requests']).toBe('100000');
    expect(Number(res.headers['x-ratelimit-remaining-requests'])).toBeLessThan(100_000);
    expect(res.headers['x-ratelimit-reset-requests']).toBeDefined();
  });

  // Every /v1 route with a body, hot (calls/hot-routes.ts) or Nest (the onRequest hook, http/public-route.guard.ts): a caller without a key never makes the gateway read one.
  it.each(withBody.filter((r) => r.auth === 'key').map((r) => [label(r), r] as const))(
    '%s checks the key before it reads the body: no key and an oversized body is a 401',
    async (_name, r) => {
      const res = await send(
        stack.gateway.url,
        r.method,
        r.path,
        { ...json, 'x-request-id': 'caller-trace.2' },
        JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT * 4) }),
      );
      expect(res.status).toBe(401);
      expectErrorShape(res, shapeOf(r, false));
      expect(res.headers['x-request-id']).toBe('caller-trace.2');
      expect(res.headers['x-tollgate-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
    },
  );

  it.each(withBody.map((r) => [label(r), r] as const))('%s: a body over BODY_LIMIT_BYTES is a 413 in its wire format', async (_name, r) => {
    const big = JSON.stringify({ model: 'tollgate-fast', padding: 'x'.repeat(BODY_LIMIT + 1024) });
    const res = await send(stack.gateway.url, r.method, concrete(r.path), { ...json, authorization: `Bearer ${key}`, cookie: SESSION_COOKIE }, big);
    expect(res.status).toBe(413);
    expectErrorShape(res, shapeOf(r, false));
    expect(res.headers['x-tollgate-request-id']).toMatch(/^req_/);
  });

  describe.each(withBody.map((r) => [label(r), r] as const))('%s with a body that is not JSON', (_name, r) => {
    it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded'])('(%s) is a 415 in its wire format', async (type) => {
      const res = await send(
        stack.gateway.url,
        r.method,
        concrete(r.path),
        { 'content-type': type, 'x-tollgate-csrf': '1', authorization: `Bearer ${key}`, cookie: SESSION_COOKIE },
        'model=tollgate-fast',
      );
      expect(res.status).toBe(415);
      expectErrorShape(res, shapeOf(r, false));
    });
  });

  it.each(ROUTES.map((r) => [label(r), r] as const))(
    '%s: an unexpected failure is a 500 with an error id, in its wire format, leaking nothing',
    async (_name, r) => {
      // Keyed routes fail in admission (EdgeGate); the session and anonymous routes in auth's portal subjects.
      const credential: Record<string, string> = keyed.includes(r) ? { authorization: `Bearer ${key}` } : { cookie: SESSION_COOKIE };
      const body = r.body
        ? JSON.stringify(
            r.path === '/me/session' ? { email: 'a@example.com', password: 'pw' } : r.path === '/me/invites/accept' ? { token: 't', password: 'pw' } : {},
          )
        : undefined;
      const res = await send(failing.url, r.method, concrete(r.path), { ...json, ...credential }, body);
      expect(res.status).toBe(500);
      expectErrorShape(res, shapeOf(r, false));
      expect(messageOf(res)).toMatch(ERROR_ID);
      expect(res.text).not.toContain('s3cret');
      expect(res.text).not.toContain('10.0.0.7');
      expect(res.text).not.toMatch(/stack|at .*\.ts/);
      expect(res.headers['x-tollgate-request-id']).toMatch(/^req_/);
    },
  );
});
