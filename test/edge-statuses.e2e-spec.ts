import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { adminFor, tenantWithKey, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** One raw HTTP/1.1 request (no client-side limits on URL or header size), its answer parsed as JSON. */
function send(base: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* kept as text: the assertion shows it */
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * Raw bytes on a fresh connection, then half-closed (`end`) or left open (a client that stalls);
 * the answer's status and JSON body once the server closes the connection.
 */
function rawExchange(base: string, bytes: string, end = true): Promise<{ status: number; body: unknown }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => (end ? socket.end(bytes) : socket.write(bytes)));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const bodyText = text.slice(text.indexOf('\r\n\r\n') + 4);
      let body: unknown = bodyText;
      try {
        body = JSON.parse(bodyText);
      } catch {
        /* kept as text */
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), body });
    });
  });
}

const REQUEST_TIMEOUT_MS = 2_000;

const openAiShape = (status: number) => ({
  error: { message: expect.any(String), type: status >= 500 ? 'server_error' : 'invalid_request_error', param: null, code: expect.any(String) },
});
/** Anthropic's shape, with the request id its errors carry. */
const anthropicShape = { type: 'error', error: { type: 'invalid_request_error', message: expect.any(String) }, request_id: expect.stringMatching(/^req_/) };

/** Statuses the HTTP layer answers before any route runs still come in the caller's error shape. */
describe('every status in the caller’s error shape, with the port’s own messages', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  const longSegment = 'k'.repeat(1000);
  const bigHeader = { 'x-padding': 'p'.repeat(20 * 1024) };

  beforeAll(async () => {
    env = await createTestEnv();
    // Short enough to see a stalled body answered; a whole request here takes milliseconds to send.
    stack = await startStack(env, { gatewayEnv: { REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) } });
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack, { models: ['tollgate-fast'] });
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  const auth = () => ({ authorization: `Bearer ${t.key}` });

  describe('414: a path segment too long', () => {
    it.each([
      ['POST', '/me/keys/{id}/rotate'],
      ['GET', '/me/billing/invoices/{id}'],
    ])('%s %s answers in OpenAI shape with a request id', async (method, route) => {
      const res = await send(stack.gateway.url, route.replace('{id}', longSegment), { method, headers: auth() });
      expect(res.status).toBe(414);
      expect(res.body).toEqual(openAiShape(414));
      expect((res.body as { error: { code: string; message: string } }).error).toMatchObject({
        code: 'uri_too_long',
        message: expect.stringContaining('path segment'),
      });
      expect(res.headers['x-request-id']).toMatch(/^req_/);
    });

    it('in Anthropic shape on GET /v1/models/{id} with anthropic-version', async () => {
      const res = await send(stack.gateway.url, `/v1/models/${longSegment}`, { headers: { ...auth(), 'anthropic-version': '2023-06-01' } });
      expect(res.status).toBe(414);
      expect(res.body).toEqual(anthropicShape);
    });

    it('on the admin port, in OpenAI shape', async () => {
      const res = await send(stack.gateway.adminUrl, `/admin/tenants/${longSegment}/models`, { headers: { authorization: `Bearer ${env.adminToken}` } });
      expect(res.status).toBe(414);
      expect(res.body).toEqual(openAiShape(414));
    });
  });

  describe('431: URL or headers over 16 KB', () => {
    it.each([
      ['a long header on /v1/chat/completions', '/v1/chat/completions', bigHeader],
      ['a long header on /me/billing/balance', '/me/billing/balance', bigHeader],
      ['a URL over 16 KB', `/v1/models?q=${'u'.repeat(20 * 1024)}`, {}],
    ])('%s: OpenAI shape', async (_label, path, headers) => {
      const res = await send(stack.gateway.url, path, { method: 'POST', headers: { ...auth(), ...headers } });
      expect(res.status).toBe(431);
      expect(res.body).toEqual(openAiShape(431));
      expect((res.body as { error: { code: string } }).error.code).toBe('request_header_fields_too_large');
      expect(res.headers['x-request-id']).toMatch(/^req_/);
    });

    it('a long header on /v1/messages: Anthropic shape', async () => {
      const res = await send(stack.gateway.url, '/v1/messages', { method: 'POST', headers: { ...auth(), 'anthropic-version': '2023-06-01', ...bigHeader } });
      expect(res.status).toBe(431);
      expect(res.body).toEqual(anthropicShape);
    });

    it('on the admin port: OpenAI shape', async () => {
      const res = await send(stack.gateway.adminUrl, '/admin/providers', { headers: { authorization: `Bearer ${env.adminToken}`, ...bigHeader } });
      expect(res.status).toBe(431);
      expect(res.body).toEqual(openAiShape(431));
    });

    it('the server keeps answering afterwards', async () => {
      const res = await send(stack.gateway.url, '/v1/models', { headers: auth() });
      expect(res.status).toBe(200);
    });
  });

  describe('what Node would answer bare', () => {
    const cut = (path: string, headers: string) => {
      const body = '{"model":"tollgate-fast","max_tokens":5,"messages":[';
      return `POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n${headers}content-length: ${body.length + 50}\r\n\r\n${body}`;
    };

    it("a body that stops coming: 408 once the request timeout passes, in the route's shape, not Node's 300 s", async () => {
      const body = '{"model":"tollgate-fast","max_tokens":5,"messages":[';
      const stalled = (path: string, headers: string) =>
        `POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n${headers}content-length: ${body.length + 50}\r\n\r\n${body}`;
      const [messages, chat] = await Promise.all([
        rawExchange(stack.gateway.url, stalled('/v1/messages', `x-api-key: ${t.key}\r\nanthropic-version: 2023-06-01\r\n`), false),
        rawExchange(stack.gateway.url, stalled('/v1/chat/completions', `authorization: Bearer ${t.key}\r\n`), false),
      ]);
      expect(messages).toEqual({ status: 408, body: anthropicShape });
      expect(chat).toEqual({ status: 408, body: openAiShape(408) });
    });

    it('a body cut short on /v1/messages: 400 in Anthropic shape; on chat completions, OpenAI shape', async () => {
      const messages = await rawExchange(stack.gateway.url, cut('/v1/messages', `x-api-key: ${t.key}\r\nanthropic-version: 2023-06-01\r\n`));
      expect(messages).toEqual({ status: 400, body: anthropicShape });
      const chat = await rawExchange(stack.gateway.url, cut('/v1/chat/completions', `authorization: Bearer ${t.key}\r\n`));
      expect(chat).toEqual({ status: 400, body: openAiShape(400) });
    });

    it('two Authorization headers are ambiguous credentials: 401, whichever comes first', async () => {
      const body = '{"model":"tollgate-fast","messages":[{"role":"user","content":"hi"}]}';
      const twice = (first: string, second: string) =>
        `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nauthorization: Bearer ${first}\r\n` +
        `authorization: Bearer ${second}\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
      for (const [first, second] of [
        [t.key, 'sk-tg-not-a-key'],
        ['sk-tg-not-a-key', t.key],
        [t.key, t.key],
      ]) {
        expect((await rawExchange(stack.gateway.url, twice(first, second))).status).toBe(401);
      }
    });

    it("an Expect other than 100-continue: 417 in the route's shape, with a request id", async () => {
      const chat = await send(stack.gateway.url, '/v1/chat/completions', {
        method: 'POST',
        headers: { expect: 'foo', authorization: `Bearer ${t.key}` },
        body: '{}',
      });
      expect(chat.status).toBe(417);
      expect(chat.body).toEqual(openAiShape(417));
      expect(chat.headers['x-request-id']).toMatch(/^req_/);
      const messages = await send(stack.gateway.url, '/v1/messages', { method: 'POST', headers: { expect: 'foo', 'x-api-key': t.key }, body: '{}' });
      expect(messages).toMatchObject({ status: 417, body: anthropicShape });
    });

    it('a path spelled with doubled or encoded slashes under /v1/messages: 404 in Anthropic shape', async () => {
      for (const path of ['//v1/messages', '/v1/messages%2Fcount_tokens']) {
        const res = await send(stack.gateway.url, path, { method: 'POST', headers: { 'x-api-key': t.key, 'content-type': 'application/json' }, body: '{}' });
        expect({ path, status: res.status, body: res.body }).toEqual({
          path,
          status: 404,
          body: { ...anthropicShape, error: { ...anthropicShape.error, type: 'not_found_error' } },
        });
      }
    });

    it('a path no route serves is a 404 whatever its body: invalid JSON, gzip or a type no route reads', async () => {
      for (const [headers, body] of [
        [{ 'content-type': 'application/json' }, '{not json'],
        [{ 'content-type': 'application/json', 'content-encoding': 'gzip' }, '{}'],
        [{ 'content-type': 'text/plain' }, 'hello'],
      ] as const) {
        const res = await send(stack.gateway.url, '/v1/no-such-route', { method: 'POST', headers: { ...auth(), ...headers }, body });
        expect({ headers, status: res.status, body: res.body }).toEqual({ headers, status: 404, body: openAiShape(404) });
      }
    });

    it('CONNECT: answered 400, not dropped', async () => {
      expect(await rawExchange(stack.gateway.url, 'CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n')).toEqual({
        status: 400,
        body: openAiShape(400),
      });
    });
  });

  describe('415 for a JSON body the gateway would misread: compressed or not UTF-8', () => {
    const body = JSON.stringify({ model: 'tollgate-fast', input: 'hi', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 });
    it.each([
      ['/v1/chat/completions', { 'content-encoding': 'gzip' }, /content encoding 'gzip'/],
      ['/v1/chat/completions', { 'content-type': 'application/json; charset=utf-16' }, /charset 'utf-16'/],
      ['/v1/embeddings', { 'content-encoding': 'br' }, /content encoding 'br'/],
      ['/me/keys', { 'content-type': 'application/json; charset=latin1' }, /charset 'latin1'/],
    ])('%s with %j', async (path, headers, says) => {
      const res = await send(stack.gateway.url, path, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', ...headers },
        body,
      });
      expect(res.status).toBe(415);
      expect(res.body).toEqual(openAiShape(415));
      expect((res.body as { error: { message: string } }).error.message).toMatch(says);
    });

    it('bytes that are not UTF-8 are an unreadable body (400) on every route, never read as U+FFFD', async () => {
      const bytes = Buffer.concat([
        Buffer.from('{"model":"tollgate-fast","input":"a'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('","messages":[{"role":"user","content":"x"}]}'),
      ]);
      for (const path of ['/v1/chat/completions', '/v1/embeddings', '/v1/responses']) {
        const res = await send(stack.gateway.url, path, {
          method: 'POST',
          headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
          body: bytes,
        });
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect((res.body as { error: { message: string } }).error.message).toMatch(/could not parse the JSON body/);
      }
    });

    it('on /v1/messages, in Anthropic shape; utf-8 and identity are read as usual', async () => {
      const messages = await send(stack.gateway.url, '/v1/messages', {
        method: 'POST',
        headers: { 'x-api-key': t.key, 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body,
      });
      expect(messages).toMatchObject({ status: 415, body: anthropicShape });
      const plain = await send(stack.gateway.url, '/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json; charset=UTF-8', 'content-encoding': 'identity' },
        body,
      });
      expect(plain.status).toBe(200);
    });
  });

  describe('the catalog admin port speaks of admin tokens, not API keys', () => {
    it.each([
      ['no Authorization header', {}],
      ['a wrong admin token', { authorization: 'Bearer not-the-token' }],
      ['a customer API key', { authorization: 'Bearer sk-tg-00000000000000000000000000000000000000' }],
    ])('401 for %s', async (_label, headers: Record<string, string>) => {
      const res = await send(stack.gateway.adminUrl, '/admin/providers', { headers });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { message: 'Invalid or missing admin token.', type: 'authentication_error', param: null, code: 'unauthorized' } });
    });

    it('a validation error keeps its own message', async () => {
      const res = await send(stack.gateway.adminUrl, '/admin/providers', {
        method: 'POST',
        headers: { authorization: `Bearer ${env.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'openai', baseUrl: 'http://127.0.0.1:1' }),
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_request', message: expect.stringContaining('name') } });
    });

    it('the public port still answers a bad key with the API-key message', async () => {
      const res = await send(stack.gateway.url, '/v1/models', { headers: { authorization: 'Bearer not-a-key' } });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { message: 'Invalid or missing API key.', type: 'authentication_error', code: 401 } });
    });
  });
});
