import { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import type { AnthropicSseEvent } from './anthropic-types';
import { OpenAiStreamToAnthropic } from './openai-stream-to-anthropic';
import { encodeEvent } from './sse';
import { jsonLines } from './testing/json-lines';

const base = { id: 'chatcmpl-AbC123', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o-2024-08-06', system_fingerprint: 'fp_1' };
const chunk = (delta: object, finish_reason: string | null = null) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason }] });
const usageChunk = (prompt: number, completion: number, cached = 0) => ({
  ...base,
  choices: [],
  usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: { cached_tokens: cached } },
});

/** Text, then two parallel tool calls whose arguments arrive in pieces, then the usage chunk. */
const TOOL_CHUNKS = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ content: 'Checking' }),
  chunk({ content: ' both.' }),
  chunk({ tool_calls: [{ index: 0, id: 'call_A', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
  chunk({ tool_calls: [{ index: 1, id: 'call_B', type: 'function', function: { name: 'get_weather', arguments: '{"ci' } }] }),
  chunk({ tool_calls: [{ index: 1, function: { arguments: 'ty":"Rome"}' } }] }),
  chunk({}, 'tool_calls'),
  usageChunk(1200, 40, 1024),
];

const run = (items: unknown[], t = new OpenAiStreamToAnthropic('claude-alias', { inputTokens: 1150 })) => ({ t, out: items.flatMap((c) => t.push(c)) });
const shape = (events: AnthropicSseEvent[]) =>
  events.map((e) => {
    const d = e.data as { type: string; index?: number; delta?: { type?: string } };
    return d.type === 'content_block_delta' ? `${d.index}:${d.delta?.type}` : d.index !== undefined ? `${d.type}:${d.index}` : d.type;
  });

describe('OpenAiStreamToAnthropic', () => {
  it('emits the full Anthropic event sequence for text', () => {
    const { t, out } = run([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hel' }),
      chunk({ content: 'lo' }),
      chunk({}, 'stop'),
      usageChunk(10, 2),
    ]);
    expect(out.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(out[0].data).toEqual({
      type: 'message_start',
      message: {
        id: 'msg_AbC123',
        type: 'message',
        role: 'assistant',
        model: 'claude-alias',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 1150, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      },
    });
    expect(out[1].data).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    expect(out[2].data).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } });
    expect(out[5].data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: 10, output_tokens: 2, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    });
    expect(t.done).toBe(true);
    expect(t.finish()).toEqual([]);
    expect(encodeEvent(out[6])).toBe('event: message_stop\ndata: {"type":"message_stop"}\n\n');
  });

  it('opens one tool_use block per call and streams arguments as input_json_delta', () => {
    const { t, out } = run(TOOL_CHUNKS);
    expect(shape(out)).toEqual([
      'message_start',
      'content_block_start:0',
      '0:text_delta',
      '0:text_delta',
      'content_block_stop:0',
      'content_block_start:1',
      '1:input_json_delta',
      '1:input_json_delta',
      'content_block_stop:1',
      'content_block_start:2',
      '2:input_json_delta',
      '2:input_json_delta',
      'content_block_stop:2',
      'message_delta',
      'message_stop',
    ]);
    expect(out[5].data).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'call_A', name: 'get_weather', input: {} } });
    expect(out[7].data).toEqual({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '"Paris"}' } });
    expect(out[13].data).toMatchObject({ delta: { stop_reason: 'tool_use' }, usage: { input_tokens: 176, output_tokens: 40, cache_read_input_tokens: 1024 } });
    expect(t.usage).toMatchObject({ prompt_tokens: 1200, completion_tokens: 40 });
  });

  it('is accumulated by the Anthropic SDK into the right final message', async () => {
    const { out } = run(TOOL_CHUNKS);
    const final = await MessageStream.fromReadableStream(jsonLines(out.map((e) => e.data))).finalMessage();
    expect(final.content).toEqual([
      expect.objectContaining({ type: 'text', text: 'Checking both.' }),
      expect.objectContaining({ type: 'tool_use', id: 'call_A', name: 'get_weather', input: { city: 'Paris' } }),
      expect.objectContaining({ type: 'tool_use', id: 'call_B', name: 'get_weather', input: { city: 'Rome' } }),
    ]);
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage).toMatchObject({ input_tokens: 176, output_tokens: 40, cache_read_input_tokens: 1024 });
  });

  it('finish() closes the message when the upstream sent no usage chunk, estimating output tokens', () => {
    const { t, out } = run([chunk({ role: 'assistant', content: 'Twelve chars' }), chunk({}, 'length')]);
    expect(shape(out)).toEqual(['message_start', 'content_block_start:0', '0:text_delta', 'content_block_stop:0']);
    const end = t.finish();
    expect(end.map((e) => e.data)).toEqual([
      { type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { output_tokens: 3 } },
      { type: 'message_stop' },
    ]);
    expect(t.usage).toBeNull();
    expect(t.deliveredChars).toBe(12);
  });

  it('finish() on a stream cut mid-block closes the block first; on an empty stream still emits a whole message', () => {
    const { t } = run([chunk({ content: 'par' })]);
    expect(shape(t.finish())).toEqual(['content_block_stop:0', 'message_delta', 'message_stop']);
    expect(shape(new OpenAiStreamToAnthropic('m').finish())).toEqual(['message_start', 'message_delta', 'message_stop']);
  });

  it('treats a "stop" finish after tool calls as tool_use, and handles usage on the finish chunk itself', () => {
    const { out } = run([
      chunk({ tool_calls: [{ index: 0, id: 'c1', function: { name: 'f', arguments: '{}' } }] }),
      { ...chunk({}, 'stop'), usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } },
    ]);
    expect(out.map((e) => e.event).slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(out[out.length - 2].data).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });

  it('turns a mid-stream error object into an Anthropic error event', () => {
    const { t, out } = run([
      chunk({ content: 'x' }),
      { error: { message: 'The upstream provider ended the stream unexpectedly.', type: 'server_error', param: null, code: 'upstream_error' } },
    ]);
    expect(out[out.length - 1]).toEqual({
      event: 'error',
      data: { type: 'error', error: { type: 'api_error', message: 'The upstream provider ended the stream unexpectedly.' } },
    });
    expect(t.error).toMatchObject({ error: { type: 'api_error' } });
    expect(t.finish()).toEqual([]);
    expect(OpenAiStreamToAnthropic.ping()).toEqual({ event: 'ping', data: { type: 'ping' } });
  });
});
