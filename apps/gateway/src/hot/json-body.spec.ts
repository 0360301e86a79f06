import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { GatewayError } from '../errors/gateway.error';
import { MAX_JSON_DEPTH, readJsonBody, textTooDeep, valueTooDeep } from './json-body';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON depth limit', () => {
  it('allows MAX_JSON_DEPTH levels and refuses one more, as text and as a parsed value', () => {
    expect(textTooDeep(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(textTooDeep(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(valueTooDeep(JSON.parse(nested(MAX_JSON_DEPTH)), MAX_JSON_DEPTH)).toBe(false);
    expect(valueTooDeep(JSON.parse(nested(MAX_JSON_DEPTH + 1)), MAX_JSON_DEPTH)).toBe(true);
    expect(textTooDeep(nested(10_000), MAX_JSON_DEPTH)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ model: 'x', messages: [{ role: 'user', content: `"\\${'['.repeat(500)}"\\"{{{` }] });
    expect(textTooDeep(text, 4)).toBe(false);
    expect(textTooDeep(JSON.stringify({ a: '\\' , b: [[[]]] }), 3)).toBe(true);
    expect(textTooDeep(JSON.stringify({ a: '\\' , b: [[]] }), 3)).toBe(false);
  });
});

describe('prototype-poisoning keys', () => {
  const read = (text: string) => readJsonBody(Object.assign(Readable.from([Buffer.from(text)]), { headers: { 'content-type': 'application/json' } }) as unknown as IncomingMessage, 1 << 20);

  it.each(['{"__proto__":{"a":1}}', '{"\\u005f_proto__":{"a":1}}', '{"x":[{"_\\u005Fproto\\u005f_":{}}]}', '{"\\u0063onstructor":{"prototype":{}}}'])('refuses %s', async (text) => {
    await expect(read(text)).rejects.toBeInstanceOf(GatewayError);
  });

  it('accepts escapes and the words as values', async () => {
    await expect(read('{"a":"\\u005f_proto__","b":"constructor","c":"caf\\u00e9"}')).resolves.toEqual({ a: '__proto__', b: 'constructor', c: 'café' });
  });
});
