import { MAX_JSON_DEPTH, textTooDeep, valueTooDeep } from './json-body';

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
