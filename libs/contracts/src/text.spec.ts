import { isStorableText, isStorableTime, storableJson, storableText, unstorableTextAt, UsageRecorded } from './index';

describe('text Postgres can keep', () => {
  it.each([
    ['plain', 'hello', true],
    ['a surrogate pair (an emoji)', 'ok \ud83d\ude00', true],
    ['NUL', 'a\u0000b', false],
    ['a lone high surrogate', 'x\ud800', false],
    ['a lone low surrogate', '\udc00x', false],
    ['a pair reversed', '\ude00\ud83d', false],
    ['the escape written out, not the character', '\\u0000', true],
  ])('%s: storable %s', (_name, text, ok) => {
    expect(isStorableText(text)).toBe(ok);
    expect(isStorableText(storableText(text))).toBe(true);
    if (ok) expect(storableText(text)).toBe(text);
  });

  it('replaces each unstorable character by U+FFFD and keeps the rest', () => {
    expect(storableText('a\u0000b\ud800c\ud83d\ude00')).toBe('a\ufffdb\ufffdc\ud83d\ude00');
  });

  it('repairs strings and keys anywhere in a JSON value, and returns a clean value as is', () => {
    const clean = { a: ['x', { b: 1 }], '\\u0000': 'written out' };
    expect(storableJson(clean)).toBe(clean);
    expect(storableJson({ path: '\\\u0000' })).toEqual({ path: '\\\ufffd' });
    expect(storableJson({ input: [{ content: 'a\u0000', ['k\ud800']: ['\udc00'] }], n: 1, z: null })).toEqual({
      input: [{ content: 'a\ufffd', ['k\ufffd']: ['\ufffd'] }],
      n: 1,
      z: null,
    });
  });

  it('names the path of the first unstorable string or key in a body', () => {
    expect(unstorableTextAt({ label: 'ok', models: ['fine', 'bad\u0000'] })).toEqual(['models', 1]);
    expect(unstorableTextAt({ nested: { ['k\ud800']: 1 } })).toEqual(['nested', 'k\ufffd']);
    expect(unstorableTextAt('\ud800')).toEqual([]);
    expect(unstorableTextAt({ label: 'ok', n: 3, z: null, list: [true] })).toBeNull();
  });

  it('a usage event is read with its text repaired, never refused for it', () => {
    const parsed = UsageRecorded.parse({
      requestId: 'req_1',
      occurredAt: new Date().toISOString(),
      tenantId: '00000000-0000-4000-8000-000000000001',
      keyId: '00000000-0000-4000-8000-00000000000a',
      keyLabel: 'k\u0000',
      model: 'm\ud800',
      provider: null,
      upstreamModel: null,
      promptTokens: 1,
      completionTokens: 1,
      cachedTokens: 0,
      estimated: false,
      stream: false,
      status: 200,
      latencyMs: 1,
      ttftMs: null,
      costMicros: 0,
    });
    expect(parsed).toMatchObject({ keyLabel: 'k\ufffd', model: 'm\ufffd', provider: null });
  });
});

describe('times Postgres can keep', () => {
  it.each([
    ['0001-01-01T00:00:00Z', true],
    ['2026-11-27T00:00:00Z', true],
    ['9999-12-31T23:59:59Z', true],
    ['0000-01-01T00:00:00Z', false],
    ['+010000-01-01T00:00:00Z', false],
    ['not a time', false],
  ])('%s: %s', (iso, ok) => {
    expect(isStorableTime(iso)).toBe(ok);
  });
});
