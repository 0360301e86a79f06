/** Every Response and stream event the bridge produces, validated against the OpenAI OpenAPI schemas (skipped without ajv/yaml/spec). */
import { loadOpenApiValidator, openApiValidatorAvailable, type OpenApiValidator } from '../../../mock-upstream/src/openapi-validator';
import { ChatStreamToResponseEvents } from './response-events';
import { frameOf, responseFromChat, responseUsageOf } from './response-object';
import { parseResponsesRequest } from './responses.request';
import { chunk, textChunks, toolChunks } from './testing-chunks';

const frame = frameOf(
  parseResponsesRequest({
    model: 'tollgate-fast',
    input: 'hi',
    instructions: 'Be brief.',
    tools: [{ type: 'function', name: 'look', parameters: { type: 'object' } }],
    text: { format: { type: 'json_schema', name: 'x', schema: { type: 'object' } } },
    metadata: { k: 'v' },
  }),
  'req_0123456789abcdef0123456789abcdef',
);
const completion = (message: Record<string, unknown>, finish = 'stop') => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }],
  usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
});

const SCHEMA: Record<string, string> = {
  'response.created': 'ResponseCreatedEvent',
  'response.in_progress': 'ResponseInProgressEvent',
  'response.completed': 'ResponseCompletedEvent',
  'response.incomplete': 'ResponseIncompleteEvent',
  'response.failed': 'ResponseFailedEvent',
  'response.output_item.added': 'ResponseOutputItemAddedEvent',
  'response.output_item.done': 'ResponseOutputItemDoneEvent',
  'response.content_part.added': 'ResponseContentPartAddedEvent',
  'response.content_part.done': 'ResponseContentPartDoneEvent',
  'response.output_text.delta': 'ResponseTextDeltaEvent',
  'response.output_text.done': 'ResponseTextDoneEvent',
  'response.refusal.delta': 'ResponseRefusalDeltaEvent',
  'response.refusal.done': 'ResponseRefusalDoneEvent',
  'response.function_call_arguments.delta': 'ResponseFunctionCallArgumentsDeltaEvent',
  'response.function_call_arguments.done': 'ResponseFunctionCallArgumentsDoneEvent',
  error: 'ResponseErrorEvent',
};

(openApiValidatorAvailable() ? describe : describe.skip)('Responses bridge output matches the OpenAI OpenAPI schemas', () => {
  let v: OpenApiValidator;
  beforeAll(() => {
    v = loadOpenApiValidator()!;
  }, 60_000);

  it('the validator rejects a malformed response and event (sanity)', () => {
    expect(() => v.expectValid('Response', { ...responseFromChat(frame, completion({ content: 'x' }), null), output: [{ type: 'message' }] })).toThrow();
    expect(() => v.expectValid('ResponseStreamEvent', { type: 'response.output_text.delta', delta: 'x', sequence_number: 0 })).toThrow();
  });

  it('plain responses: text, function calls, refusal, incomplete', () => {
    const usage = responseUsageOf(completion({}).usage);
    v.expectValid('Response', responseFromChat(frame, completion({ content: 'Hello' }), usage));
    v.expectValid(
      'Response',
      responseFromChat(
        frame,
        completion({ content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'look', arguments: '{}' } }] }, 'tool_calls'),
        usage,
      ),
    );
    v.expectValid('Response', responseFromChat(frame, completion({ content: null, refusal: 'No.' }), usage));
    v.expectValid('Response', responseFromChat(frame, completion({ content: 'Hel' }, 'length'), usage));
  });

  it('every event of text, tool-call, refusal, failed and error streams', () => {
    const events = [textChunks, toolChunks, [chunk({ refusal: 'No.' }), chunk({}, 'stop')], [chunk({ content: 'x' }), chunk({}, 'length')]].flatMap(
      (chunks) => {
        const t = new ChatStreamToResponseEvents(frame, 1);
        return [...chunks.flatMap((c) => t.push(c)), ...t.end()];
      },
    );
    const cut = new ChatStreamToResponseEvents(frame, 1);
    events.push(...cut.push(chunk({ content: 'x' })), ...cut.fail('cut'));
    events.push(...new ChatStreamToResponseEvents(frame, 1).push({ error: { message: 'boom' } }));
    expect(new Set(events.map((e) => e.type)).size).toBeGreaterThanOrEqual(15);
    for (const e of events) {
      v.expectValid(SCHEMA[e.type], e); // the event's own schema first: its errors are readable
      v.expectValid('ResponseStreamEvent', e);
    }
  });
});
