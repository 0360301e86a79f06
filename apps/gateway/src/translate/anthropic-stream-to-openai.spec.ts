import { ChatCompletionStream } from 'openai/lib/ChatCompletionStream';
import { AnthropicStreamToOpenAi, type OpenAiStreamItem } from './anthropic-stream-to-openai';
import type { OpenAiChunk } from './openai-types';
import { jsonLines } from './testing/json-lines';

const start = (usage: object = { input_tokens: 472, output_tokens: 2, cache_read_input_tokens: 1000, cache_creation_input_tokens: 28 }) => ({
  type: 'message_start',
  message: {
    id: 'msg_014p7gG3wDgGV9EUtLvnow3U',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage,
  },
});

/** A recorded-style stream: thinking, text, then a tool call whose input arrives in several pieces. */
const TOOL_STREAM = [
  start(),
  { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'The user wants weather.' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQB' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
  { type: 'ping' },
  { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Let me check' } },
  { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: ' the weather.' } },
  { type: 'content_block_stop', index: 1 },
  { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', input: {} } },
  { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '' } },
  { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"location": "San Fra' } },
  { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: 'ncisco, CA", "unit": ' } },
  { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '"fahrenheit"}' } },
  { type: 'content_block_stop', index: 2 },
  { type: 'content_block_start', index: 3, content_block: { type: 'tool_use', id: 'toolu_02', name: 'get_time', input: {} } },
  { type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: '{"tz":"PST"}' } },
  { type: 'content_block_stop', index: 3 },
  { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 89 } },
  { type: 'message_stop' },
];

function run(events: unknown[], t = new AnthropicStreamToOpenAi('my-alias', { created: 1700000000 })): { t: AnthropicStreamToOpenAi; out: OpenAiStreamItem[] } {
  return { t, out: events.flatMap((e) => t.push(e)) };
}
const chunks = (items: OpenAiStreamItem[]) => items as OpenAiChunk[];

describe('AnthropicStreamToOpenAi', () => {
  it('streams text: role chunk first, content deltas, finish chunk, usage chunk with choices []', () => {
    const { t, out } = run([
      start({ input_tokens: 25, output_tokens: 1 }),
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'ping' },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '!' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 15 } },
      { type: 'message_stop' },
    ]);
    const base = { id: 'chatcmpl-014p7gG3wDgGV9EUtLvnow3U', object: 'chat.completion.chunk', created: 1700000000, model: 'my-alias' };
    const choice = (delta: object, finish_reason: string | null = null) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason }] });
    const usage = { prompt_tokens: 25, completion_tokens: 15, total_tokens: 40, prompt_tokens_details: { cached_tokens: 0 } };
    expect(out).toEqual([
      choice({ role: 'assistant', content: '' }),
      choice({ content: 'Hello' }),
      choice({ content: '!' }),
      choice({}, 'stop'),
      { ...base, choices: [], usage },
    ]);
    expect(t.usage).toEqual(usage);
    expect(t.done).toBe(true);
    expect(t.finishReason).toBe('stop');
  });

  it('streams tool calls with indexes, ids, names and argument pieces; skips thinking; folds cache tokens into usage', () => {
    const { t, out } = run(TOOL_STREAM);
    const deltas = chunks(out).map((c) => c.choices[0]?.delta);
    expect(deltas).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Let me check' },
      { content: ' the weather.' },
      { tool_calls: [{ index: 0, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"location": "San Fra' } }] },
      { tool_calls: [{ index: 0, function: { arguments: 'ncisco, CA", "unit": ' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '"fahrenheit"}' } }] },
      { tool_calls: [{ index: 1, id: 'toolu_02', type: 'function', function: { name: 'get_time', arguments: '' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '{"tz":"PST"}' } }] },
      {},
      undefined, // the usage chunk
    ]);
    expect(chunks(out)[9].choices[0].finish_reason).toBe('tool_calls');
    expect(t.usage).toEqual({ prompt_tokens: 1500, completion_tokens: 89, total_tokens: 1589, prompt_tokens_details: { cached_tokens: 1000 } });
  });

  it('is accumulated by the openai SDK into the right final completion', async () => {
    const { out } = run(TOOL_STREAM);
    const final = await ChatCompletionStream.fromReadableStream(jsonLines(out)).finalChatCompletion();
    expect(final.choices[0].message.content).toBe('Let me check the weather.');
    expect(final.choices[0].finish_reason).toBe('tool_calls');
    expect(final.choices[0].message.tool_calls).toEqual([
      {
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"location": "San Francisco, CA", "unit": "fahrenheit"}' },
      },
      { id: 'toolu_02', type: 'function', function: { name: 'get_time', arguments: '{"tz":"PST"}' } },
    ]);
    expect(final.usage).toMatchObject({ prompt_tokens: 1500, completion_tokens: 89 });
  });

  it('maps max_tokens to length, takes cumulative usage from message_delta, and can leave the usage chunk out', () => {
    const t = new AnthropicStreamToOpenAi('m', { includeUsage: false });
    const { out } = run(
      [
        start({ input_tokens: 10, output_tokens: 1 }),
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: 'Hi' } },
        {
          type: 'message_delta',
          delta: { stop_reason: 'max_tokens', stop_sequence: null },
          usage: { output_tokens: 3, input_tokens: 12, cache_read_input_tokens: 4 },
        },
        { type: 'message_stop' },
      ],
      t,
    );
    expect(chunks(out).map((c) => c.choices[0]?.delta.content ?? c.choices[0]?.finish_reason)).toEqual(['', 'Hi', 'length']);
    expect(t.usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 4 } });
  });

  it('turns an error event into an OpenAI error object and ignores what follows', () => {
    const { t, out } = run([
      start(),
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      { type: 'message_stop' },
    ]);
    expect(out[out.length - 1]).toEqual({ error: { message: 'Overloaded', type: 'server_error', param: null, code: 'overloaded_error' } });
    expect(t.error).toEqual(out[out.length - 1]);
    expect(t.done).toBe(false);
    expect(t.finish()).toEqual([]);
  });

  it('finish() closes a stream the upstream cut short; junk and unknown events are ignored', () => {
    const t = new AnthropicStreamToOpenAi('m');
    const out = [...t.push(start({ input_tokens: 5, output_tokens: 1 })), ...t.push('junk'), ...t.push({ type: 'future_event' })];
    out.push(...t.push({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'par' } }));
    expect(t.done).toBe(false);
    const closing = chunks(t.finish());
    expect(closing.map((c) => [c.choices[0]?.finish_reason, c.usage?.prompt_tokens])).toEqual([
      ['stop', undefined],
      [undefined, 5],
    ]);
    expect(t.done).toBe(true);
    expect(t.finish()).toEqual([]);
    expect(out).toHaveLength(2);
  });
});
