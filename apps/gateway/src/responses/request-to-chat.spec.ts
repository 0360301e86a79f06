import { GatewayError } from '../errors/gateway.error';
import { TranslateError } from '../translate/translate-error';
import { toChatRequest } from './request-to-chat';
import { parseResponsesRequest } from './responses.request';

const chatOf = (body: Record<string, unknown>) => toChatRequest(parseResponsesRequest({ model: 'm', ...body }));
const refusal = (fn: () => unknown): { message: string; param: string | null } => {
  try {
    fn();
  } catch (err) {
    if (err instanceof GatewayError || err instanceof TranslateError) return { message: err.message, param: err.param };
    throw err;
  }
  throw new Error('expected a refusal');
};

describe('Responses request → chat completions request', () => {
  it('a string input with instructions becomes a system and a user message', () => {
    expect(chatOf({ input: 'Hello', instructions: 'Be brief.' })).toEqual({
      model: 'm',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
    });
  });

  it('maps the sampling, cap, user and structured-output fields', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    const chat = chatOf({
      input: 'x',
      max_output_tokens: 50,
      temperature: 0.2,
      top_p: 0.9,
      user: 'u-1',
      metadata: { a: 'b' },
      store: true,
      reasoning: { effort: 'low' },
      text: { format: { type: 'json_schema', name: 'city', schema, strict: true } },
    });
    expect(chat).toMatchObject({ max_completion_tokens: 50, temperature: 0.2, top_p: 0.9, user: 'u-1', reasoning_effort: 'low' });
    expect(chat.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'city', schema, strict: true } });
    // metadata and store describe the Response object; they are not the upstream's business.
    expect(chat).not.toHaveProperty('metadata');
    expect(chat).not.toHaveProperty('store');
    expect(chatOf({ input: 'x', text: { format: { type: 'json_object' } } }).response_format).toEqual({ type: 'json_object' });
  });

  it('asks for usage on streams (response.completed carries it)', () => {
    expect(chatOf({ input: 'x', stream: true })).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('translates message items with text and image parts, assistant turns, function calls and their outputs', () => {
    const chat = chatOf({
      input: [
        { role: 'developer', content: 'Rules' },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is this?' },
            { type: 'input_image', image_url: 'https://x/y.png', detail: 'low' },
          ],
        },
        { type: 'message', role: 'assistant', id: 'msg_1', status: 'completed', content: [{ type: 'output_text', text: 'Let me check.', annotations: [] }] },
        { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'look', arguments: '{"q":1}' },
        { type: 'function_call', call_id: 'call_2', name: 'look', arguments: '{"q":2}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'one' },
        { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: 'two' }] },
      ],
      tools: [{ type: 'function', name: 'look', description: 'Looks', parameters: { type: 'object' }, strict: false }],
      tool_choice: { type: 'function', name: 'look' },
      parallel_tool_calls: false,
    });
    expect(chat.messages).toEqual([
      { role: 'system', content: 'Rules' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'low' } },
        ],
      },
      {
        role: 'assistant',
        content: 'Let me check.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'look', arguments: '{"q":1}' } },
          { id: 'call_2', type: 'function', function: { name: 'look', arguments: '{"q":2}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'one' },
      { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'two' }] },
    ]);
    expect(chat.tools).toEqual([{ type: 'function', function: { name: 'look', description: 'Looks', parameters: { type: 'object' }, strict: false } }]);
    expect(chat.tool_choice).toEqual({ type: 'function', function: { name: 'look' } });
    expect(chat.parallel_tool_calls).toBe(false);
  });

  it('a function call with no assistant text before it is its own assistant turn', () => {
    const chat = chatOf({
      input: [
        { role: 'user', content: 'hi' },
        { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c', output: 'ok' },
      ],
    });
    expect((chat.messages as unknown[])[1]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
    });
  });

  it.each([
    ['previous_response_id', { previous_response_id: '' }, /Invalid 'previous_response_id'/],
    ['tools[0].type', { tools: [{ type: 'web_search' }] }, /'web_search' is not supported/],
    [
      'tools[1].type',
      {
        tools: [
          { type: 'function', name: 'f' },
          { type: 'file_search', vector_store_ids: ['v'] },
        ],
      },
      /'file_search'/,
    ],
    ['tool_choice', { tool_choice: { type: 'web_search_preview' } }, /only function tools/],
    ['input[0].type', { input: [{ type: 'item_reference', id: 'msg_1' }] }, /not supported yet/],
    ['input[0].type', { input: [{ type: 'reasoning', summary: [] }] }, /'reasoning' are not supported/],
    ['input[0].content[0].type', { input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'f' }] }] }, /'input_file'/],
    ['input[0].content[0].image_url', { input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'f' }] }] }, /file_id/],
    ['input[0].role', { input: [{ role: 'tool', content: 'x' }] }, /expected one of/],
    ['input', { input: [] }, /at least one item/],
    ['conversation', { conversation: 'conv_1' }, /not supported/],
    ['background', { background: true }, /not supported/],
    ['reasoning.summary', { reasoning: { summary: 'auto' } }, /not supported/],
    ['include', { include: ['reasoning.encrypted_content'] }, /not supported yet/],
    ['frobnicate', { frobnicate: 1 }, /Unknown parameter: 'frobnicate'/],
    ['max_output_tokens', { max_output_tokens: 2_000_000 }, /at most 1000000/],
    ['metadata.k', { metadata: { k: 'v'.repeat(513) } }, /512/],
  ])('refuses naming %s', (param, extra, message) => {
    const err = refusal(() => chatOf({ input: 'x', ...extra }));
    expect(err.param).toBe(param);
    expect(err.message).toMatch(message);
  });

  it('refuses a body without model or input', () => {
    expect(refusal(() => parseResponsesRequest({ input: 'x' }))).toEqual({ message: 'you must provide a model parameter', param: 'model' });
    expect(refusal(() => parseResponsesRequest({ model: 'm' })).param).toBe('input');
  });
});
