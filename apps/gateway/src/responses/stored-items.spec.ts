import { GatewayError } from '../errors/gateway.error';
import type { ResponseFrame } from './response-object';
import { inputItemsPage, parseInputItemsQuery, storedInputItems } from './stored-items';

const frame: ResponseFrame = { id: 'resp_00112233445566778899aabbccddeeff', createdAt: 1, echo: {} };
const items = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
const page = (query: Record<string, unknown>) => inputItemsPage(items, parseInputItemsQuery(query));
const paramOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof GatewayError) return err.param;
    throw err;
  }
  throw new Error('expected a refusal');
};

describe('stored input items', () => {
  it('a string input is one user message with an input_text part, an id and a status', () => {
    expect(storedInputItems('Hello', frame)).toEqual([
      { type: 'message', id: 'msg_00112233445566778899aabbccddeeff8000', role: 'user', content: [{ type: 'input_text', text: 'Hello' }], status: 'completed' },
    ]);
  });

  it('items keep their own ids; string content becomes a part (output_text for the assistant); each kind has its id prefix', () => {
    const stored = storedInputItems(
      [
        { role: 'developer', content: 'Rules' },
        { type: 'message', role: 'assistant', content: 'Before' },
        { type: 'function_call', id: 'fc_mine', call_id: 'c', name: 'f', arguments: '{}', status: 'completed' },
        { type: 'function_call_output', call_id: 'c', output: 'ok' },
      ],
      frame,
    );
    expect(stored.map((i) => i.id)).toEqual([
      'msg_00112233445566778899aabbccddeeff8000',
      'msg_00112233445566778899aabbccddeeff8001',
      'fc_mine',
      'fco_00112233445566778899aabbccddeeff8003',
    ]);
    expect(stored[0]).toMatchObject({ type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Rules' }] });
    expect(stored[1].content).toEqual([{ type: 'output_text', text: 'Before', annotations: [], logprobs: [] }]);
    expect(stored[3]).toMatchObject({ type: 'function_call_output', status: 'completed' });
  });
});

describe('input_items pages', () => {
  it('newest first by default, 20 at most', () => {
    expect(page({})).toEqual({ object: 'list', data: [...items].reverse(), first_id: 'e', last_id: 'a', has_more: false });
  });

  it('limit, after and order page through without gaps or repeats', () => {
    expect(page({ order: 'asc', limit: '2' })).toMatchObject({ data: [{ id: 'a' }, { id: 'b' }], first_id: 'a', last_id: 'b', has_more: true });
    expect(page({ order: 'asc', limit: '2', after: 'b' })).toMatchObject({ data: [{ id: 'c' }, { id: 'd' }], has_more: true });
    expect(page({ order: 'asc', limit: '2', after: 'd' })).toMatchObject({ data: [{ id: 'e' }], has_more: false });
    expect(page({ limit: '3', after: 'e' })).toMatchObject({ data: [{ id: 'd' }, { id: 'c' }, { id: 'b' }], has_more: true });
    expect(page({ order: 'asc', after: 'e' })).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
  });

  it.each([
    ['limit', { limit: '0' }],
    ['limit', { limit: '101' }],
    ['limit', { limit: 'ten' }],
    ['order', { order: 'newest' }],
    ['after', { after: 'zzz' }],
  ])('refuses a bad %s with a 400 naming it', (param, query) => {
    expect(paramOf(() => page(query))).toBe(param);
  });
});
