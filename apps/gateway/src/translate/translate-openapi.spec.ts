/** What the translators produce in OpenAI's format, validated against the OpenAI OpenAPI schemas (skipped without ajv/yaml/spec). */
import { loadOpenApiValidator, openApiValidatorAvailable, type OpenApiValidator } from '../../../mock-upstream/src/openapi-validator';
import { anthropicErrorToOpenAi } from './anthropic-errors';
import { AnthropicStreamToOpenAi } from './anthropic-stream-to-openai';
import { toOpenAiRequest } from './anthropic-to-openai';
import type { AnthropicMessage } from './anthropic-types';
import { fromAnthropicResponse } from './openai-to-anthropic';

const message = (over: Partial<AnthropicMessage>): AnthropicMessage => ({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude',
  content: [{ type: 'text', text: 'Hi' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 2, cache_read_input_tokens: 5, cache_creation_input_tokens: 1 },
  ...over,
});

(openApiValidatorAvailable() ? describe : describe.skip)('translator output matches the OpenAI OpenAPI schemas', () => {
  let v: OpenApiValidator;
  beforeAll(() => {
    v = loadOpenApiValidator()!;
  }, 60_000);

  it('the validator rejects a malformed completion (sanity)', () => {
    expect(() => v.expectValid('CreateChatCompletionResponse', { ...fromAnthropicResponse(message({}), 'm'), choices: [{ index: 0 }] })).toThrow();
    expect(() => v.expectValid('CreateChatCompletionRequest', { model: 'm', messages: [{ role: 'tool', content: 'no tool_call_id' }] })).toThrow();
  });

  it('chat.completion from text, tool use and refusal', () => {
    v.expectValid('CreateChatCompletionResponse', fromAnthropicResponse(message({}), 'm'));
    const tool = message({ content: [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: { a: 1 } }], stop_reason: 'tool_use' });
    v.expectValid('CreateChatCompletionResponse', fromAnthropicResponse(tool, 'm'));
    v.expectValid('CreateChatCompletionResponse', fromAnthropicResponse(message({ stop_reason: 'refusal' }), 'm'));
  });

  it('every chunk of a translated stream, usage chunk included', () => {
    const t = new AnthropicStreamToOpenAi('m');
    const events = [
      { type: 'message_start', message: { ...message({ content: [] }), usage: { input_tokens: 3, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"a":1}' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 9 } },
      { type: 'message_stop' },
    ];
    const chunks = events.flatMap((e) => t.push(e));
    expect(chunks.length).toBe(6);
    for (const c of chunks) v.expectValid('CreateChatCompletionStreamResponse', c);
  });

  it('the upstream request built from an Anthropic request', () => {
    const body = toOpenAiRequest(
      {
        model: 'claude-alias',
        max_tokens: 100,
        system: 'S',
        stream: true,
        stop_sequences: ['END'],
        tools: [{ name: 'f', description: 'd', input_schema: { type: 'object', properties: {} } }],
        tool_choice: { type: 'tool', name: 'f', disable_parallel_tool_use: true },
        output_config: { effort: 'max', format: { type: 'json_schema', schema: { type: 'object' } } },
        metadata: { user_id: 'u' },
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'x' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
            ],
          },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 't1', content: 'ok' },
              { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' } },
            ],
          },
        ],
      },
      'gpt-4o',
    );
    v.expectValid('CreateChatCompletionRequest', body);
  });

  it('error bodies', () => {
    v.expectValid('ErrorResponse', anthropicErrorToOpenAi(429, { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }));
    v.expectValid('ErrorResponse', anthropicErrorToOpenAi(502, 'garbage'));
  });
});
