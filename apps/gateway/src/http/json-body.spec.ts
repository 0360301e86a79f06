import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { GatewayError } from '../errors/gateway.error';
import { MAX_JSON_DEPTH, readJsonBody, textTooDeep } from './json-body';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON depth limit', () => {
  it('allows MAX_JSON_DEPTH levels and refuses one more', () => {
    expect(textTooDeep(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(textTooDeep(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(textTooDeep(nested(10_000), MAX_JSON_DEPTH)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ model: 'x', messages: [{ role: 'user', content: `"\\${'['.repeat(500)}"\\"{{{` }] });
    expect(textTooDeep(text, 4)).toBe(false);
    expect(textTooDeep(JSON.stringify({ a: '\\', b: [[[]]] }), 3)).toBe(true);
    expect(textTooDeep(JSON.stringify({ a: '\\', b: [[]] }), 3)).toBe(false);
  });
});

describe('prototype-poisoning keys', () => {
  const read = (text: string) =>
    readJsonBody(Object.assign(Readable.from([Buffer.from(text)]), { headers: { 'content-type': 'application/json' } }) as unknown as IncomingMessage, 1 << 20);

  it.each(['{"__proto__":{"a":1}}', '{"\\u005f_proto__":{"a":1}}', '{"x":[{"_\\u005Fproto\\u005f_":{}}]}', '{"\\u0063onstructor":{"prototype":{}}}'])(
    'refuses %s',
    async (text) => {
      await expect(read(text)).rejects.toBeInstanceOf(GatewayError);
    },
  );

  it('accepts escapes and the words as values', async () => {
    await expect(read('{"a":"\\u005f_proto__","b":"constructor","c":"caf\\u00e9"}')).resolves.toEqual({ a: '__proto__', b: 'constructor', c: 'café' });
  });
});

describe('readJsonBody, table', () => {
  const LIMIT = 1024;
  const request = (chunks: string[], headers: Record<string, string>) =>
    Object.assign(Readable.from(chunks.map((c) => Buffer.from(c))), { headers }) as unknown as IncomingMessage;
  const outcome = (p: Promise<unknown>) =>
    p.then(
      (value) => ({ value }),
      (err: unknown) => (err instanceof GatewayError ? { code: err.code, message: err.message } : { thrown: String(err) }),
    );
  const json = { 'content-type': 'application/json' };

  it.each([
    ['a JSON body', ['{"model":"m","n":1}'], json, { value: { model: 'm', n: 1 } }],
    ['a body in several chunks', ['{"model":', '"m"', '}'], json, { value: { model: 'm' } }],
    ['a charset parameter', ['{}'], { 'content-type': 'application/json; charset=utf-8' }, { value: {} }],
    ['an upper-case type', ['[]'], { 'content-type': 'APPLICATION/JSON' }, { value: [] }],
    ['a +json type', ['{"a":1}'], { 'content-type': 'application/vnd.api+json' }, { value: { a: 1 } }],
    ['exactly the size limit', [`"${'x'.repeat(LIMIT - 2)}"`], json, { value: 'x'.repeat(LIMIT - 2) }],
  ])('accepts %s', async (_what, chunks, headers, expected) => {
    await expect(outcome(readJsonBody(request(chunks, headers), LIMIT))).resolves.toEqual(expected);
  });

  it.each([
    ['an empty body', [], json, 'invalid_request', /parse the JSON/],
    ['whitespace only', ['  \n'], json, 'invalid_request', /parse the JSON/],
    ['truncated JSON', ['{"model":'], json, 'invalid_request', /parse the JSON/],
    ['JSON with a trailing comma', ['{"a":1,}'], json, 'invalid_request', /parse the JSON/],
    ['no content type', ['{}'], {}, 'unsupported_media_type', /Unsupported content type/],
    ['text/plain', ['{}'], { 'content-type': 'text/plain' }, 'unsupported_media_type', /Unsupported content type/],
    ['form data', ['a=1'], { 'content-type': 'application/x-www-form-urlencoded' }, 'unsupported_media_type', /Unsupported content type/],
    ['a type that only starts like JSON', ['{}'], { 'content-type': 'application/jsonp' }, 'unsupported_media_type', /Unsupported content type/],
    ['a declared length over the limit', ['{}'], { ...json, 'content-length': String(LIMIT + 1) }, 'request_too_large', /too large/],
    ['a streamed body over the limit (no length declared)', ['[', '1,'.repeat(LIMIT / 2), '1]'], json, 'request_too_large', /too large/],
    ['a body one byte over the limit', [`"${'x'.repeat(LIMIT - 1)}"`], json, 'request_too_large', /too large/],
    ['nesting one level past the limit', [nested(MAX_JSON_DEPTH + 1)], json, 'invalid_request', /nested too deeply/],
    ['deep nesting inside an object', [`{"messages":${nested(MAX_JSON_DEPTH)}}`], json, 'invalid_request', /nested too deeply/],
    ['__proto__', ['{"__proto__":{"isAdmin":true}}'], json, 'invalid_request', /a key that is not allowed/],
    ['__proto__ nested in an array', ['{"messages":[{"role":"user","__proto__":{"x":1}}]}'], json, 'invalid_request', /a key that is not allowed/],
    [
      '__proto__ with every letter escaped',
      [`{"${[...'__proto__'].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}":{}}`],
      json,
      'invalid_request',
      /a key that is not allowed/,
    ],
    ['__proto__ with upper-case escapes', ['{"\\u005F\\u005Fproto\\u005F\\u005F":{}}'], json, 'invalid_request', /a key that is not allowed/],
    ['constructor.prototype', ['{"constructor":{"prototype":{"isAdmin":true}}}'], json, 'invalid_request', /a key that is not allowed/],
    ['constructor.prototype with escapes in both keys', ['{"constructo\\u0072":{"\\u0070rototype":{}}}'], json, 'invalid_request', /a key that is not allowed/],
    ['constructor.prototype deep in the body', ['{"a":[1,{"b":{"constructor":{"prototype":{}}}}]}'], json, 'invalid_request', /a key that is not allowed/],
  ])('refuses %s', async (_what, chunks, headers, code, message) => {
    const got = await outcome(readJsonBody(request(chunks, headers), LIMIT));
    expect(got).toMatchObject({ code });
    expect((got as { message: string }).message).toMatch(message);
  });

  it.each([
    ['"constructor" as a key without "prototype"', '{"constructor":{"name":"x"}}', { constructor: { name: 'x' } }],
    ['"prototype" as a key on its own', '{"prototype":{}}', { prototype: {} }],
    ['"proto" and "__proto" (not the poisoning key)', '{"proto":1,"__proto":2,"proto__":3}', { proto: 1, __proto: 2, proto__: 3 }],
    ['the words inside string values', '{"content":"__proto__ constructor.prototype"}', { content: '__proto__ constructor.prototype' }],
    ['non-ASCII escapes', '{"content":"\\u4f60\\u597d"}', { content: '你好' }],
  ])('accepts %s', async (_what, text, value) => {
    const got = await outcome(readJsonBody(request([text], json), LIMIT));
    expect(got).toEqual({ value });
    expect(Object.getPrototypeOf((got as { value: object }).value)).toBe(Object.prototype);
  });
});

describe('textTooDeep counts levels of nesting', () => {
  it.each([
    ['scalars', '1', 0, false],
    ['an empty object at max 1', '{}', 1, false],
    ['an empty object at max 0', '{}', 0, true],
    ['objects and arrays both count', '{"a":[{"b":[]}]}', 4, false],
    ['objects and arrays both count, one short', '{"a":[{"b":[]}]}', 3, true],
    ['siblings do not add up', '[[[]],[[]],[[]]]', 3, false],
    ['brackets in keys are not nesting', '{"[[[[":{"{{{{":1}}', 2, false],
  ])('%s', (_what, text, max, deep) => {
    expect(textTooDeep(text, max)).toBe(deep);
  });
});
