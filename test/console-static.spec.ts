import { request } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { RunningGateway } from '../apps/gateway/src/bootstrap';
import { consoleFixture, ConsoleFixture, FIXTURE_INDEX, FIXTURE_SCRIPT } from './support/console-fixture';
import { createTestEnv, TestEnv } from './support/env';
import { gatewayFor, startStack, Stack } from './support/stack';

jest.setTimeout(60_000);

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request with the path sent exactly as written (fetch would resolve "..", this does not). */
function raw(base: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Raw> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.once('error', reject);
    req.end(opts.body);
  });
}

function expectSecurityHeaders(headers: Raw['headers']): void {
  expect(headers['content-security-policy']).toBe(CSP);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
  expect(headers['x-frame-options']).toBe('DENY');
}

describe('the console on the gateway public port', () => {
  let env: TestEnv;
  let stack: Stack;
  let fixture: ConsoleFixture;
  let url: string;

  beforeAll(async () => {
    fixture = consoleFixture();
    env = await createTestEnv();
    stack = await startStack(env, { gatewayEnv: { CONSOLE_DIR: fixture.dir } });
    url = stack.gateway.url;
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
    fixture?.remove();
  });

  it.each(['/console', '/console/', '/console/keys', '/console/keys/', '/console/accept-invite?token=abc.def', '/console/usage/2026-11'])(
    'answers %s with index.html, revalidated on every load, with the security headers',
    async (path) => {
      const res = await raw(url, path);
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe(FIXTURE_INDEX);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expectSecurityHeaders(res.headers);
    },
  );

  it('answers a hashed asset as JavaScript, cached for good; a repeat with its etag gets 304', async () => {
    const res = await raw(url, '/console/assets/app-abc123.js');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(FIXTURE_SCRIPT);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBeUndefined();
    expectSecurityHeaders(res.headers);

    const again = await raw(url, '/console/assets/app-abc123.js', { headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('serves the precompressed copy to a client that accepts it', async () => {
    const res = await raw(url, '/console/assets/app-abc123.js', { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(gunzipSync(res.body).toString()).toBe(FIXTURE_SCRIPT);
  });

  it.each([
    ['/console/assets/app-abc123.css', 'text/css; charset=utf-8'],
    ['/console/assets/logo-abc123.svg', 'image/svg+xml'],
    ['/console/assets/inter-abc123.woff2', 'font/woff2'],
    ['/console/assets/pixel-abc123.png', 'image/png'],
    ['/console/assets/app-abc123.js.map', 'application/json; charset=utf-8'],
    ['/console/favicon.ico', 'image/x-icon'],
    ['/console/manifest.json', 'application/json; charset=utf-8'],
  ])('serves %s as %s', async (path, type) => {
    const res = await raw(url, path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['cache-control']).toBe(path.startsWith('/console/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  });

  it('answers a missing file that has an extension with a plain 404, not index.html', async () => {
    for (const path of ['/console/assets/app-old999.js', '/console/missing.css', '/console/keys/logo.png']) {
      const res = await raw(url, path);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.body.toString()).not.toContain('<html');
      expectSecurityHeaders(res.headers);
    }
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const res = await raw(url, '/console/assets/app-abc123.js', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(FIXTURE_SCRIPT)));
    expectSecurityHeaders(res.headers);
    expect((await raw(url, '/console/keys', { method: 'HEAD' })).status).toBe(200);
  });

  it.each([
    '/console/../package.json',
    '/console/../secret.txt',
    '/console/assets/../../secret.txt',
    '/console/%2e%2e/secret.txt',
    '/console/%2E%2E%2Fsecret.txt',
    '/console/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/console/..%5csecret.txt',
    '/console/assets\\..\\..\\secret.txt',
    '/console/secret.txt%00.js',
    '/console/%00',
    '/console/%ff%fe',
    '/console//etc/passwd',
    `/console/${'%2e%2e/'.repeat(12)}etc/passwd`,
  ])('refuses %s without a byte from outside the directory', async (path) => {
    const res = await raw(url, path);
    expect([400, 404]).toContain(res.status);
    const body = res.body.toString();
    expect(body).not.toContain(fixture.outsideSecret);
    expect(body).not.toContain('root:');
    expect(body).not.toContain('<html');
  });

  it('is not served on the admin port (which serves the admin console from its own directory)', async () => {
    for (const path of ['/console', '/console/', '/console/keys', '/console/assets/app-abc123.js']) {
      const res = await raw(stack.gateway.adminUrl, path);
      expect(res.body.toString()).not.toContain(FIXTURE_SCRIPT);
      expect(res.body.toString()).not.toContain('Tollgate console fixture');
    }
    // 404 with the admin console built (no such asset in it), 503 without it: never the customer's file.
    expect([404, 503]).toContain((await raw(stack.gateway.adminUrl, '/console/assets/app-abc123.js')).status);
  });

  it('leaves the API on the same port as it was (the hot path and Nest routes)', async () => {
    expect((await raw(url, '/health/live')).status).toBe(200);
    const chat = await raw(url, '/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(chat.status).toBe(401);
    expect(chat.headers['content-security-policy']).toBeUndefined();
  });

  describe('when the console was not built', () => {
    let bare: RunningGateway;

    beforeAll(async () => {
      bare = await gatewayFor(env, { CONSOLE_DIR: join(fixture.dir, 'no-such-build') });
    });

    afterAll(() => bare?.close());

    it('starts anyway, answers /console with 503 telling how to build it, and serves the API', async () => {
      for (const path of ['/console', '/console/keys', '/console/assets/app-abc123.js']) {
        const res = await raw(bare.url, path);
        expect(res.status).toBe(503);
        expect(res.body.toString()).toContain('npm run build:console');
        expectSecurityHeaders(res.headers);
      }
      expect((await raw(bare.url, '/health/live')).status).toBe(200);
    });
  });
});
