import { ChatStreamToResponseEvents, ResponseEvent } from './response-events';
import { frameOf } from './response-object';
import { parseResponsesRequest } from './responses.request';
import { chunk, textChunks, toolChunks } from './testing-chunks';

const frame = frameOf(
  parseResponsesRequest({ model: 'tollgate-fast', input: 'hi', metadata: { k: 'v' } }),
  'req_0123456789abcdef0123456789abcdef',
  1_700_000_000_000,
);
const run = (chunks: unknown[], promptTokens = 3): ResponseEvent[] => {
  const t = new ChatStreamToResponseEvents(frame, promptTokens);
  return [...chunks.flatMap((c) => t.push(c)), ...t.end()];
};

describe('chat chunks → Responses stream events', () => {
  it('a text answer: created, in_progress, the item and its part, deltas, dones, completed with usage; sequence numbers 0, 1, 2…', () => {
    const events = run(textChunks);
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[0].response).toMatchObject({
      id: 'resp_0123456789abcdef0123456789abcdef',
      status: 'in_progress',
      output: [],
      model: 'tollgate-fast',
      metadata: { k: 'v' },
    });
    expect(events[6]).toMatchObject({ text: 'Hello world', output_index: 0, content_index: 0 });
    const completed = events.at(-1)!.response as Record<string, unknown>;
    expect(completed).toMatchObject({
      status: 'completed',
      output: [{ type: 'message', status: 'completed', content: [{ type: 'output_text', text: 'Hello world' }] }],
    });
    expect(completed.usage).toEqual({
      input_tokens: 10,
      input_tokens_details: { cached_tokens: 4, cache_write_tokens: 0 },
      output_tokens: 2,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 12,
      cost_micros: 42,
    });
  });

  it('function calls: one item per call, argument deltas, done with the whole arguments', () => {
    const events = run(toolChunks);
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[7]).toMatchObject({ output_index: 0, arguments: '{"q":1}', name: 'look' });
    expect((events.at(-1)!.response as { output: unknown[] }).output).toEqual([
      expect.objectContaining({ type: 'function_call', call_id: 'call_a', name: 'look', arguments: '{"q":1}', status: 'completed' }),
      expect.objectContaining({ type: 'function_call', call_id: 'call_b', name: 'look', arguments: '{}', status: 'completed' }),
    ]);
  });

  it('text then a tool call: the message closes before the call opens', () => {
    const events = run([
      chunk({ content: 'Checking.' }),
      chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    const types = events.map((e) => e.type);
    expect(types.indexOf('response.output_item.done')).toBeLessThan(types.lastIndexOf('response.output_item.added'));
    expect(events.find((e) => e.type === 'response.function_call_arguments.done')).toMatchObject({ output_index: 1 });
  });

  it('a cap reached is response.incomplete with the reason', () => {
    const events = run([chunk({ content: 'Hel' }), chunk({}, 'length')]);
    expect(events.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
    });
  });

  it('without upstream usage the usage is the relay’s estimate (what billing books then)', () => {
    const events = run([chunk({ content: 'abcdefgh' }), chunk({}, 'stop')], 7);
    expect((events.at(-1)!.response as { usage: unknown }).usage).toMatchObject({ input_tokens: 7, output_tokens: 2, total_tokens: 9 });
  });

  it('a stream cut after text is response.failed with what arrived; an upstream error object is an error event first', () => {
    const t = new ChatStreamToResponseEvents(frame, 1);
    t.push(chunk({ content: 'Hel' }));
    const failed = t.fail('The upstream provider ended the stream unexpectedly.');
    expect(failed).toEqual([
      expect.objectContaining({
        type: 'response.failed',
        response: expect.objectContaining({
          status: 'failed',
          error: { code: 'server_error', message: 'The upstream provider ended the stream unexpectedly.' },
        }),
      }),
    ]);
    expect(t.end()).toEqual([]);
    const u = new ChatStreamToResponseEvents(frame, 1);
    expect(u.push({ error: { message: 'boom' } }).map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'error', 'response.failed']);
  });

  it('an empty stream still opens and completes the response', () => {
    expect(run([]).map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'response.completed']);
  });
});
