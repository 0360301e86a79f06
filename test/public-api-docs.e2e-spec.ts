import SwaggerParser from '@apidevtools/swagger-parser';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AdminClient } from './support/admin-client';
import { createTestEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';
import { adminFor, chat, TenantFixture, tenantWithKey } from './support/fixtures';
import { portal, signedIn } from './support/portal';
import { startStack, Stack } from './support/stack';

type Doc = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
/** Served on node:http before Fastify (hot-routes.ts), so not in Nest's router. */
const HOT_ROUTES = ['POST /v1/chat/completions', 'POST /v1/messages'];
/** Not API: the console's files, the load balancer's probes, and these docs themselves. */
const NOT_API = /^(GET|HEAD) \/(console|health|ready|live|api\/docs)/;

/** Every route Nest registered on the public app, as "METHOD /path/{param}". */
function registeredRoutes(app: NestFastifyApplication): string[] {
  const routes = new Set<string>(HOT_ROUTES);
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...a: unknown[]) => object) | undefined;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler))].join('/')}`
          .replace(/\/+/g, '/')
          .replace(/(.)\/$/, '$1')
          .replace(/:(\w+)/g, '{$1}');
        routes.add(`${method} ${path}`);
      }
    }
  }
  return [...routes].filter((r) => !NOT_API.test(r)).sort();
}

function documentedRoutes(doc: Doc): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

/** Every property name a JSON schema declares, anywhere in it. */
function propertyNames(schema: unknown, out: string[] = []): string[] {
  if (Array.isArray(schema)) schema.forEach((s) => propertyNames(s, out));
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      if (k === 'properties' && v && typeof v === 'object') out.push(...Object.keys(v));
      propertyNames(v, out);
    }
  }
  return out;
}

/** Every object key anywhere in a JSON value that is not snake_case, with its path. */
function notSnakeCase(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => notSnakeCase(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(SNAKE.test(k) ? [] : [`${path}.${k}`]), ...notSnakeCase(v, `${path}.${k}`)]);
}

describe('public API docs at /api/docs on the public port', () => {
  let env: TestEnv;
  let stack: Stack;
  let admin: AdminClient;
  let t: TenantFixture;
  let doc: Doc;

  beforeAll(async () => {
    env = await createTestEnv();
    stack = await startStack(env);
    admin = adminFor(env, stack);
    t = await tenantWithKey(admin, stack, { name: 'docs', scopes: ['chat:write', 'models:read', 'keys:read', 'usage:read', 'billing:read'] });
    const res = await fetch(`${stack.gateway.url}/api/docs-json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    doc = (await res.json()) as Doc;
  });

  afterAll(async () => {
    await stack?.close();
    await env?.drop();
  });

  it('is a valid OpenAPI 3.1 document, no credentials needed', async () => {
    expect(doc.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
  });

  it('documents every route the public app serves, and no route it does not', () => {
    expect(documentedRoutes(doc)).toEqual(registeredRoutes(stack.gateway.app));
  });

  it('names every /me response property in snake_case', () => {
    const names = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/me'))
      .flatMap(([, ops]) =>
        Object.values(ops).flatMap((o) => Object.values(o.responses).flatMap((r) => Object.values(r.content ?? {}).flatMap((c) => propertyNames(c.schema)))),
      );
    expect(names).toEqual(expect.arrayContaining(['request_id', 'cost_micros', 'next_cursor', 'expires_at', 'fallback_serving', 'success_rate']));
    expect(names.filter((n) => !SNAKE.test(n))).toEqual([]);
  });

  it('has the key and session security schemes, and /v1 points to the OpenAI and Anthropic references', () => {
    const full = doc as unknown as {
      components: { securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }> };
      paths: Record<string, Record<string, { externalDocs?: { url: string } }>>;
    };
    expect(full.components.securitySchemes).toMatchObject({
      bearer_key: { type: 'http', scheme: 'bearer' },
      x_api_key: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      session_cookie: { type: 'apiKey', in: 'cookie', name: 'tollgate_session' },
      csrf_header: { type: 'apiKey', in: 'header', name: 'x-tollgate-csrf' },
    });
    expect(full.paths['/v1/chat/completions'].post.externalDocs!.url).toContain('platform.openai.com');
    expect(full.paths['/v1/messages'].post.externalDocs!.url).toContain('anthropic.com');
  });

  it('serves /api/docs as a page without scripts, under its own strict CSP, listing every route', async () => {
    const res = await fetch(`${stack.gateway.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).not.toContain('<script');
    for (const route of documentedRoutes(doc)) expect(html).toContain(`<code>${route.split(' ')[1]}</code>`);
  });

  describe('real /me GET answers carry no camelCase key (issue 15)', () => {
    let owner: { cookie: string };
    const getRoutes = () =>
      documentedRoutes(doc)
        .filter((r) => r.startsWith('GET /me'))
        .map((r) => r.slice(4));
    const fill = (path: string) => path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');

    beforeAll(async () => {
      owner = await signedIn(stack.gateway.url, admin, t.tenantId, 'owner');
      expect((await chat(stack.gateway.baseUrl, t.key)).status).toBe(200);
      await eventually(
        () => portal(stack.gateway.url, 'GET', '/me/request-logs', { headers: { authorization: `Bearer ${t.key}` } }),
        (r) => r.body.data?.length === 1,
      );
    });

    it.each([
      ['an owner session', () => ({ cookie: owner.cookie })],
      ['an API key', () => ({ headers: { authorization: `Bearer ${t.key}` } })],
    ])('with %s', async (_who, auth) => {
      const seen: string[] = [];
      for (const path of getRoutes()) {
        const res = await portal(stack.gateway.url, 'GET', fill(path), auth());
        if (!res.headers.get('content-type')?.includes('application/json')) continue;
        expect({ path, bad: notSnakeCase(res.body) }).toEqual({ path, bad: [] });
        if (res.status === 200) seen.push(path);
      }
      // Not vacuous: the answers with data were walked.
      expect(seen).toEqual(expect.arrayContaining(['/me/keys', '/me/request-logs', '/me/usage', '/me/models/health', '/me/billing/statement']));
    });
  });
});
