import { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import type OpenAI from 'openai';
import { AnthropicStreamToOpenAi } from './anthropic-stream-to-openai';
import { fromOpenAiResponse, toOpenAiRequest } from './anthropic-to-openai';
import type { AnthropicMessage, AnthropicRequest } from './anthropic-types';
import { fromAnthropicResponse, toAnthropicRequest } from './openai-to-anthropic';
import { OpenAiStreamToAnthropic } from './openai-stream-to-anthropic';
import type { OpenAiChatRequest } from './openai-types';
import { jsonLines } from './testing/json-lines';

const OPENAI_REQUEST: OpenAI.ChatCompletionCreateParams = {
  model: 'claude-upstream',
  messages: [
    { role: 'system', content: 'You are a weather bot.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Weather in Paris? Here is a map.' },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
      ],
    },
    { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
    { role: 'tool', tool_call_id: 'call_1', content: '21C, sunny' },
    { role: 'assistant', content: 'It is 21C and sunny in Paris.' },
    { role: 'user', content: 'And tomorrow?' },
  ],
  tools: [
    { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
  ],
  tool_choice: { type: 'function', function: { name: 'get_weather' } },
  parallel_tool_calls: false,
  max_completion_tokens: 512,
  temperature: 0.5,
  top_p: 0.9,
  stop: ['###'],
  stream: true,
  stream_options: { include_usage: true },
};

describe('round trips preserve meaning', () => {
  it('OpenAI request → Anthropic → OpenAI', () => {
    const anthropic = toAnthropicRequest(OPENAI_REQUEST as OpenAiChatRequest);
    const back = toOpenAiRequest(anthropic, 'claude-upstream');
    expect(back).toEqual(OPENAI_REQUEST);
  });

  it('Anthropic request → OpenAI → Anthropic', () => {
    const request: AnthropicRequest = {
      model: 'gpt-upstream',
      max_tokens: 1024,
      system: 'Be helpful.',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '21C' },
            { type: 'text', text: 'Thanks, and Rome?' },
          ],
        },
      ],
      tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      stop_sequences: ['\n\nHuman:'],
      stream: true,
    };
    const openai = toOpenAiRequest(request, 'gpt-upstream');
    const back = toAnthropicRequest(openai);
    expect(back).toEqual(request);
  });

  it('Anthropic message → OpenAI completion → Anthropic message', () => {
    const msg: AnthropicMessage = {
      id: 'msg_01Aq9w938a90dw8q',
      type: 'message',
      role: 'assistant',
      model: 'claude-alias',
      content: [
        { type: 'text', text: 'Let me look that up.' },
        { type: 'tool_use', id: 'toolu_01', name: 'search', input: { q: 'tollgate', limit: 3 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 300, output_tokens: 40, cache_read_input_tokens: 2000, cache_creation_input_tokens: 0 },
    };
    const openai = fromAnthropicResponse(msg, 'openai-alias');
    expect(openai.usage).toMatchObject({ prompt_tokens: 2300, completion_tokens: 40, prompt_tokens_details: { cached_tokens: 2000 } });
    expect(fromOpenAiResponse(openai, 'claude-alias')).toEqual(msg);
  });

  it('Anthropic stream → OpenAI chunks → Anthropic stream: the SDK accumulates the same message', async () => {
    const events = [
      {
        type: 'message_start',
        message: {
          id: 'msg_x',
          type: 'message',
          role: 'assistant',
          model: 'm',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 50, output_tokens: 1, cache_read_input_tokens: 10, cache_creation_input_tokens: 0 },
        },
      },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'On it.' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_9', name: 'lookup', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"id":' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: ' 42}' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 12 } },
      { type: 'message_stop' },
    ];
    const toOpenAi = new AnthropicStreamToOpenAi('openai-alias');
    const toAnthropic = new OpenAiStreamToAnthropic('m');
    const chunks = events.flatMap((e) => toOpenAi.push(e));
    const back = [...chunks.flatMap((c) => toAnthropic.push(c)), ...toAnthropic.finish()].map((e) => e.data);
    const original = await MessageStream.fromReadableStream(jsonLines(events)).finalMessage();
    const roundTripped = await MessageStream.fromReadableStream(jsonLines(back)).finalMessage();
    expect(roundTripped.content).toEqual(original.content);
    expect(roundTripped.stop_reason).toBe('tool_use');
    expect(roundTripped.usage).toMatchObject({ input_tokens: 50, output_tokens: 12, cache_read_input_tokens: 10 });
  });
});
