import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { PublicRouteConfig, unroutedWireFormat, V1_ROUTES } from './public-routes';
import { ModelsController } from '../calls/models.controller';
import { V1Controller } from '../calls/v1.controller';
import { ResponsesController } from '../responses/responses.controller';
import { resolveWireFormat } from '../errors/wire-format';

const versioned = { 'anthropic-version': '2023-06-01' };

describe('wire format', () => {
  it.each([
    ['anthropic', {}, 'anthropic'],
    ['openai', versioned, 'openai'],
    ['anthropic-if-versioned', versioned, 'anthropic'],
    ['anthropic-if-versioned', {}, 'openai'],
    [undefined, versioned, 'openai'],
  ] as const)('rule %s with headers %j → %s', (rule, headers, expected) => {
    expect(resolveWireFormat(rule, headers)).toBe(expected);
  });

  it.each([
    ['/v1/messages/batches', {}, 'anthropic'],
    ['/v1/messages', {}, 'anthropic'],
    ['/v1/messagesX', {}, 'openai'],
    ['/v1/models/x/y', versioned, 'anthropic'],
    ['/v1/models/x/y', {}, 'openai'],
    ['/v1/models/' + 'k'.repeat(1000), versioned, 'anthropic'],
    ['/v1/responses/resp_1/x', versioned, 'openai'],
    ['/v1/nope', versioned, 'openai'],
    ['/me/keys/x', versioned, 'openai'],
    ['//v1//messages', {}, 'anthropic'],
    ['/v1/messages%2Fcount_tokens', {}, 'anthropic'],
    ['/v1%2fmodels%2Fx', versioned, 'anthropic'],
  ] as const)('a request no route answers, %s with %j, takes the declared route it lies under → %s', (path, headers, expected) => {
    expect(unroutedWireFormat(path, headers)).toBe(expected);
  });

  it('every Nest /v1 route carries its declaration (method, path, wire format) from V1_ROUTES', () => {
    const handlers = [ModelsController, V1Controller, ResponsesController].flatMap((c) =>
      Object.getOwnPropertyNames(c.prototype)
        .filter((name) => name !== 'constructor')
        .map((name) => (c.prototype as unknown as Record<string, unknown>)[name])
        .filter((h): h is object => typeof h === 'function' && Reflect.getMetadata(PATH_METADATA, h) !== undefined),
    );
    const served = handlers.map((h) => {
      const config = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, h) as PublicRouteConfig | undefined;
      return {
        method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, h) as number],
        path: Reflect.getMetadata(PATH_METADATA, h) as string,
        declared: config?.publicRoute,
      };
    });
    for (const s of served) expect(s.declared).toMatchObject({ method: s.method, path: s.path });
    const nest = Object.values(V1_ROUTES).filter((r) => !r.hot);
    expect(served.map((s) => `${s.method} ${s.path}`).sort()).toEqual(nest.map((r) => `${r.method} ${r.path}`).sort());
  });
});
