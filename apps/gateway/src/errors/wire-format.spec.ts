import { PATH_METADATA } from '@nestjs/common/constants';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import { ModelsController } from '../proxy/models.controller';
import { V1Controller } from '../proxy/v1.controller';
import { resolveWireFormat, UNROUTED_WIRE_FORMATS, unroutedWireFormat, WireFormatConfig } from './wire-format';

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
    ['/v1/models/x/y', versioned, 'anthropic'],
    ['/v1/models/x/y', {}, 'openai'],
    ['/v1/nope', versioned, 'openai'],
  ] as const)('a request no route answers, %s with %j → %s', (path, headers, expected) => {
    expect(unroutedWireFormat(path, headers)).toBe(expected);
  });

  it('every route that declares a wire format lies under an unrouted prefix with the same rule', () => {
    const declared: Array<[string, unknown]> = [
      [ModelsController, ModelsController.prototype.list],
      [ModelsController, ModelsController.prototype.retrieve],
      [V1Controller, V1Controller.prototype.countMessageTokens],
    ].map(([controller, handler]) => {
      const path = `/${Reflect.getMetadata(PATH_METADATA, controller)}/${Reflect.getMetadata(PATH_METADATA, handler)}`.replace(/\/+$/, '');
      return [path, (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) as WireFormatConfig | undefined)?.wireFormat];
    });
    expect(declared).toEqual([
      ['/v1/models', 'anthropic-if-versioned'],
      ['/v1/models/:model', 'anthropic-if-versioned'],
      ['/v1/messages/count_tokens', 'anthropic'],
    ]);
    for (const [path, rule] of declared) expect(UNROUTED_WIRE_FORMATS.find(([prefix]) => path.startsWith(prefix))?.[1]).toBe(rule);
  });
});
