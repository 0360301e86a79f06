import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { fromOpenAiResponse, toOpenAiRequest } from './anthropic-to-openai';
import type { AnthropicRequest } from './anthropic-types';
import type { OpenAiChatCompletion } from './openai-types';
import { TranslateError } from './translate-error';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
/** The SDK's request type checks the fixtures (and that the translator accepts it). */
const req = (body: Anthropic.MessageCreateParams): AnthropicRequest => body;
const weather: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } } },
};

describe('toOpenAiRequest', () => {
  it('puts the system prompt first and maps sampling, stop, stream and user', () => {
    const out = toOpenAiRequest(
      req({
        model: 'claude-alias',
        max_tokens: 300,
        system: [
          { type: 'text', text: 'You are terse.' },
          { type: 'text', text: 'Answer in French.', cache_control: { type: 'ephemeral' } },
        ],
        messages: [{ role: 'user', content: 'Hello' }],
        temperature: 0.2,
        top_p: 0.8,
        top_k: 40,
        stop_sequences: ['END'],
        stream: true,
        metadata: { user_id: 'u-1' },
      } as Anthropic.MessageCreateParams), // temperature/top_p/top_k are gone from SDK 1.x's types, still sent by older clients
      'gpt-4o',
    );
    expect(out).toEqual({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'You are terse.\n\nAnswer in French.' },
        { role: 'user', content: 'Hello' },
      ],
      max_completion_tokens: 300,
      temperature: 0.2,
      top_p: 0.8,
      stop: ['END'],
      stream: true,
      stream_options: { include_usage: true },
      user: 'u-1',
    });
    expect(
      toOpenAiRequest(req({ model: 'm', max_tokens: 5, system: 'S', messages: [{ role: 'user', content: 'x' }] }), 'up', { maxTokensField: 'max_tokens' }),
    ).toEqual({
      model: 'up',
      messages: [
        { role: 'system', content: 'S' },
        { role: 'user', content: 'x' },
      ],
      max_tokens: 5,
    });
  });

  it('turns tool_use into assistant tool_calls and tool_result blocks into tool messages before the user text', () => {
    const out = toOpenAiRequest(
      req({
        model: 'm',
        max_tokens: 100,
        tools: [weather],
        tool_choice: { type: 'auto', disable_parallel_tool_use: true },
        messages: [
          { role: 'user', content: 'Weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'Two calls.', signature: 'sig' },
              { type: 'text', text: 'Checking both.' },
              { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
              { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Rome' } },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_1', content: 'Sunny, 21C' },
              { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'Service down' }], is_error: true },
              { type: 'text', text: 'Which is warmer?' },
            ],
          },
        ],
      }),
      'gpt-4o',
    );
    expect(out.messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: 'Checking both.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'Sunny, 21C' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: Service down' },
      { role: 'user', content: 'Which is warmer?' },
    ]);
    expect(out.tools).toEqual([
      {
        type: 'function',
        function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      },
    ]);
    expect(out.tool_choice).toBe('auto');
    expect(out.parallel_tool_calls).toBe(false);
  });

  it('maps every tool_choice', () => {
    const choice = (tool_choice: Anthropic.ToolChoice) =>
      toOpenAiRequest(req({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }], tools: [weather], tool_choice }), 'up').tool_choice;
    expect(choice({ type: 'any' })).toBe('required');
    expect(choice({ type: 'none' })).toBe('none');
    expect(choice({ type: 'tool', name: 'get_weather' })).toEqual({ type: 'function', function: { name: 'get_weather' } });
    expect(toOpenAiRequest(req({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }], tools: [] }), 'up').tools).toBeUndefined();
  });

  it('converts images to data URLs / URLs, PDFs to file parts, text documents to text', () => {
    const out = toOpenAiRequest(
      req({
        model: 'm',
        max_tokens: 10,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
              { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
              { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' }, title: 'r.pdf' },
              { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'notes' } },
              { type: 'text', text: 'Describe.' },
            ],
          },
        ],
      }),
      'gpt-4o',
    );
    expect(out.messages[0].content).toEqual([
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
      { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'r.pdf' } },
      { type: 'text', text: 'notes' },
      { type: 'text', text: 'Describe.' },
    ]);
  });

  it('maps output_config to response_format and reasoning_effort; rejects server tools', () => {
    const out = toOpenAiRequest(
      req({
        model: 'm',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'x' }],
        output_config: { effort: 'high', format: { type: 'json_schema', schema: { type: 'object' } } },
      }),
      'up',
    );
    expect(out.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'output', schema: { type: 'object' }, strict: true } });
    expect(out.reasoning_effort).toBe('high');
    const server = req({
      model: 'm',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ type: 'web_search_20250305', name: 'web_search' }],
    });
    expect(() => toOpenAiRequest(server, 'up')).toThrow(TranslateError);
    expect(() => toOpenAiRequest({ model: 'm', max_tokens: 1, messages: [{ role: 'bot', content: 'x' }] } as unknown as AnthropicRequest, 'up')).toThrow(
      /messages\.0\.role/,
    );
  });
});

const completion = (
  over: Partial<OpenAiChatCompletion['choices'][number]['message']>,
  finish: OpenAiChatCompletion['choices'][number]['finish_reason'] = 'stop',
): OpenAiChatCompletion => ({
  id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
  object: 'chat.completion',
  created: 1741570283,
  model: 'gpt-4o-2024-08-06',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi there.', refusal: null, ...over }, logprobs: null, finish_reason: finish }],
  usage: { prompt_tokens: 1117, completion_tokens: 46, total_tokens: 1163, prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 } },
});

describe('fromOpenAiResponse', () => {
  it('builds an Anthropic message; cached tokens move from input_tokens to cache_read_input_tokens', () => {
    expect(fromOpenAiResponse(completion({}), 'claude-alias')).toEqual({
      id: 'msg_B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
      type: 'message',
      role: 'assistant',
      model: 'claude-alias',
      content: [{ type: 'text', text: 'Hi there.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 93, output_tokens: 46, cache_read_input_tokens: 1024, cache_creation_input_tokens: 0 },
    });
  });

  it('turns tool_calls into tool_use blocks with parsed input and maps finish reasons', () => {
    const calls = [
      { id: 'call_a', type: 'function' as const, function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_b', type: 'function' as const, function: { name: 'get_weather', arguments: '{"city":' } },
    ];
    const out = fromOpenAiResponse(completion({ content: null, tool_calls: calls }, 'tool_calls'), 'm');
    expect(out.content).toEqual([
      { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_b', name: 'get_weather', input: {} },
    ]);
    expect(out.stop_reason).toBe('tool_use');
    expect(fromOpenAiResponse(completion({ tool_calls: calls.slice(0, 1) }, 'stop'), 'm').stop_reason).toBe('tool_use');
    expect(fromOpenAiResponse(completion({}, 'length'), 'm').stop_reason).toBe('max_tokens');
    expect(fromOpenAiResponse(completion({ content: null, refusal: 'I cannot help.' }, 'content_filter'), 'm')).toMatchObject({
      stop_reason: 'refusal',
      content: [{ type: 'text', text: 'I cannot help.' }],
    });
    const noUsage = { ...completion({}), usage: undefined };
    expect(fromOpenAiResponse(noUsage, 'm').usage).toEqual({ input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
  });

  it('accepts the SDK ChatCompletion type as input (compile-time check)', () => {
    const sdk = (c: OpenAI.ChatCompletion): OpenAiChatCompletion => c;
    expect(sdk).toBeDefined();
  });
});
