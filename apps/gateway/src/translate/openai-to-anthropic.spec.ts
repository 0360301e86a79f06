import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import type { AnthropicMessage } from './anthropic-types';
import { fromAnthropicResponse, toAnthropicRequest } from './openai-to-anthropic';
import type { OpenAiChatRequest } from './openai-types';
import { TranslateError } from './translate-error';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const weatherTool: OpenAI.ChatCompletionFunctionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
/** The SDK's request type checks the fixtures; the translator takes the parsed JSON. */
const req = (body: OpenAI.ChatCompletionCreateParams): OpenAiChatRequest => body as unknown as OpenAiChatRequest;

describe('toAnthropicRequest', () => {
  it('hoists system and developer messages, keeps a plain turn a string, defaults max_tokens', () => {
    const out = toAnthropicRequest(
      req({
        model: 'claude-sonnet-4-5',
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
          { role: 'user', content: 'Hello' },
        ],
      }),
    );
    expect(out).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      system: [
        { type: 'text', text: 'You are terse.' },
        { type: 'text', text: 'Answer in French.' },
      ],
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(
      toAnthropicRequest(
        req({
          model: 'm',
          messages: [
            { role: 'system', content: 'S' },
            { role: 'user', content: 'u' },
          ],
        }),
      ).system,
    ).toBe('S');
    expect(toAnthropicRequest(req({ model: 'm', messages: [{ role: 'user', content: 'u' }] }), { defaultMaxTokens: 1000 }).max_tokens).toBe(1000);
  });

  it('maps sampling parameters, stop, stream, user and max_completion_tokens (which wins over max_tokens)', () => {
    const out = toAnthropicRequest(
      req({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        max_tokens: 50,
        max_completion_tokens: 200,
        temperature: 1.6,
        top_p: 0.9,
        stop: ['END', ''],
        stream: true,
        stream_options: { include_usage: true },
        user: 'user-42',
        presence_penalty: 0.5,
        seed: 7,
      }),
    );
    expect(out).toEqual({
      model: 'm',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'x' }],
      temperature: 1, // Anthropic's range is 0..1
      top_p: 0.9,
      stop_sequences: ['END'],
      stream: true,
      metadata: { user_id: 'user-42' },
    });
    expect(toAnthropicRequest(req({ model: 'm', messages: [{ role: 'user', content: 'x' }], stop: 'STOP', temperature: 0.3 }))).toMatchObject({
      stop_sequences: ['STOP'],
      temperature: 0.3,
    });
    const dropped = toAnthropicRequest(req({ model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 0.3, top_p: 0.5 }), { dropSampling: true });
    expect(dropped).not.toHaveProperty('temperature');
    expect(dropped).not.toHaveProperty('top_p');
  });

  it('turns a tool conversation into tool_use / tool_result blocks and merges same-role turns', () => {
    const out = toAnthropicRequest(
      req({
        model: 'm',
        messages: [
          { role: 'user', content: 'Weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: 'Checking both.',
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
              { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'Sunny, 21C' },
          {
            role: 'tool',
            tool_call_id: 'call_2',
            content: [
              { type: 'text', text: 'Rain, ' },
              { type: 'text', text: '14C' },
            ],
          },
          { role: 'user', content: 'Thanks! Which is warmer?' },
        ],
        tools: [weatherTool],
        tool_choice: 'auto',
      }),
    );
    expect(out.messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking both.' },
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: 'Sunny, 21C' },
          {
            type: 'tool_result',
            tool_use_id: 'call_2',
            content: [
              { type: 'text', text: 'Rain, ' },
              { type: 'text', text: '14C' },
            ],
          },
          { type: 'text', text: 'Thanks! Which is warmer?' },
        ],
      },
    ]);
    expect(out.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather for a city',
        input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ]);
    expect(out.tool_choice).toEqual({ type: 'auto' });
  });

  it('maps every tool_choice form and parallel_tool_calls: false', () => {
    const base = {
      model: 'm',
      messages: [{ role: 'user' as const, content: 'x' }],
      tools: [weatherTool, { type: 'function' as const, function: { name: 'other' } }],
    };
    const choice = (tool_choice: OpenAI.ChatCompletionToolChoiceOption, extra: Partial<OpenAI.ChatCompletionCreateParams> = {}) =>
      toAnthropicRequest(req({ ...base, tool_choice, ...extra } as OpenAI.ChatCompletionCreateParams));
    expect(choice('none').tool_choice).toEqual({ type: 'none' });
    expect(choice('none').tools).toHaveLength(2);
    expect(choice('required').tool_choice).toEqual({ type: 'any' });
    expect(choice({ type: 'function', function: { name: 'other' } }).tool_choice).toEqual({ type: 'tool', name: 'other' });
    expect(choice('auto', { parallel_tool_calls: false }).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    const allowed = choice({ type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'other' } }] } });
    expect(allowed.tool_choice).toEqual({ type: 'any' });
    expect(allowed.tools?.map((t) => t.name)).toEqual(['other']);
    expect(choice('auto').tools?.[1]).toEqual({ name: 'other', input_schema: { type: 'object', properties: {} } });
    expect(toAnthropicRequest(req({ ...base, tools: [] })).tools).toBeUndefined();
  });

  it('converts images (data URL → base64, http → url) and PDF files', () => {
    const out = toAnthropicRequest(
      req({
        model: 'm',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in these?' },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}`, detail: 'high' } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
              { type: 'file', file: { filename: 'report.pdf', file_data: 'data:application/pdf;base64,JVBERi0xLjQK' } },
            ],
          },
        ],
      }),
    );
    expect(out.messages[0].content).toEqual([
      { type: 'text', text: 'What is in these?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' }, title: 'report.pdf' },
    ]);
  });

  it('maps response_format json_schema and reasoning_effort to output_config', () => {
    const out = toAnthropicRequest(
      req({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties: { a: { type: 'string' } } } } },
        reasoning_effort: 'minimal',
      }),
    );
    expect(out.output_config).toEqual({ format: { type: 'json_schema', schema: { type: 'object', properties: { a: { type: 'string' } } } }, effort: 'low' });
  });

  it('treats empty tool arguments as {} and rejects what Anthropic cannot express', () => {
    const call = (args: string) =>
      toAnthropicRequest(
        req({
          model: 'm',
          messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: args } }] }],
        }),
      );
    expect(call('').messages[0].content).toEqual([{ type: 'tool_use', id: 'c', name: 'f', input: {} }]);
    const bad = (body: unknown) => () => toAnthropicRequest(body as OpenAiChatRequest);
    expect(() => call('{"city":')).toThrow(expect.objectContaining({ param: 'messages[0].tool_calls[0].function.arguments' }));
    expect(bad({ model: 'm', messages: [{ role: 'user', content: 'x' }], n: 2 })).toThrow(TranslateError);
    expect(bad({ model: 'm', messages: [{ role: 'user', content: 'x' }], functions: [] })).toThrow(/functions/);
    expect(bad({ model: 'm', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: '', format: 'wav' } }] }] })).toThrow(
      /input_audio/,
    );
    expect(bad({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,AA' } }] }] })).toThrow(
      /jpeg, png/,
    );
    expect(bad({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'custom', custom: { name: 'c' } }] })).toThrow(/function tools/);
    expect(bad({ model: 'm', messages: [{ role: 'tool', content: 'x' }] })).toThrow(/tool_call_id/);
    expect(bad({ model: 'm', messages: [{ role: 'function', name: 'f', content: 'x' }] })).toThrow(/role 'function'/);
    expect(bad({ model: 'm', messages: 'hi' })).toThrow(TranslateError);
  });
});

const message = (over: Partial<AnthropicMessage>): AnthropicMessage => ({
  id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [{ type: 'text', text: 'Hello!' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 6 },
  ...over,
});

describe('fromAnthropicResponse', () => {
  it('builds a chat.completion under the requested model, usage with cache tokens folded into prompt_tokens', () => {
    const out = fromAnthropicResponse(
      message({ usage: { input_tokens: 12, output_tokens: 6, cache_read_input_tokens: 100, cache_creation_input_tokens: 20 } }),
      'my-alias',
      1700000000,
    );
    expect(out).toEqual({
      id: 'chatcmpl-01XFDUDYJgAACzvnptvVoYEL',
      object: 'chat.completion',
      created: 1700000000,
      model: 'my-alias',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 132, completion_tokens: 6, total_tokens: 138, prompt_tokens_details: { cached_tokens: 100 } },
    });
  });

  it('turns tool_use blocks into tool_calls, drops thinking, and maps every stop reason', () => {
    const out = fromAnthropicResponse(
      message({
        content: [
          { type: 'thinking', thinking: 'hmm', signature: 'sig' } as AnthropicMessage['content'][number],
          { type: 'text', text: 'Let me check. ' },
          { type: 'text', text: 'One moment.' },
          { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Paris', units: ['c'] } },
        ],
        stop_reason: 'tool_use',
      }),
      'm',
    );
    expect(out.choices[0].message).toEqual({
      role: 'assistant',
      content: 'Let me check. One moment.',
      refusal: null,
      tool_calls: [{ id: 'toolu_01A', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","units":["c"]}' } }],
    });
    expect(out.choices[0].finish_reason).toBe('tool_calls');
    const only = fromAnthropicResponse(message({ content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }], stop_reason: 'tool_use' }), 'm');
    expect(only.choices[0].message.content).toBeNull();
    const reasons: Array<[AnthropicMessage['stop_reason'], string]> = [
      ['end_turn', 'stop'],
      ['stop_sequence', 'stop'],
      ['max_tokens', 'length'],
      ['model_context_window_exceeded', 'length'],
    ];
    reasons.push(['refusal', 'content_filter'], ['pause_turn', 'stop'], [null, 'stop']);
    for (const [stop_reason, finish] of reasons) expect(fromAnthropicResponse(message({ stop_reason }), 'm').choices[0].finish_reason).toBe(finish);
  });

  it('accepts the SDK types as input (compile-time check)', () => {
    const check = [(m: Anthropic.Message): AnthropicMessage => m, (r: OpenAI.ChatCompletionCreateParams): OpenAiChatRequest => r];
    expect(check).toHaveLength(2);
  });
});
