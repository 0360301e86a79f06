/**
 * Validates raw mock responses against the OpenAI OpenAPI component schemas.
 * Uses `ajv` and `yaml`, which are present only as hoisted transitive dependencies (fastify, nx); skipped if absent.
 */
import { startMockUpstream, type MockUpstream } from './mock-upstream';
import { loadOpenApiValidator, openApiValidatorAvailable, type OpenApiValidator } from './openapi-validator';

(openApiValidatorAvailable() ? describe : describe.skip)('mock-upstream responses match the OpenAI OpenAPI schemas', () => {
  let mock: MockUpstream;
  let validator: OpenApiValidator;
  const post = (path: string, body: unknown) =>
    fetch(mock.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const expectValid = (schema: string, data: unknown) => validator.expectValid(schema, data);
  const frames = (sse: string) =>
    sse
      .split('\n\n')
      .filter((f) => f.startsWith('data: {'))
      .map((f) => JSON.parse(f.slice(6)) as unknown);
  const msgs = [{ role: 'user', content: 'please use tool' }];
  const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];

  beforeAll(async () => {
    validator = loadOpenApiValidator()!;
    mock = await startMockUpstream();
  }, 60_000);
  afterAll(() => mock?.close());

  it('the validator rejects a malformed chunk (sanity)', () => {
    expect(() =>
      expectValid('CreateChatCompletionStreamResponse', {
        id: 'x',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: [{ index: 0, delta: { content: 5 }, finish_reason: null }],
      }),
    ).toThrow();
  });

  it('plain chat completions (text, tool call, cached usage)', async () => {
    expectValid('CreateChatCompletionResponse', await (await post('/chat/completions', { model: 'gpt-4o', messages: msgs })).json());
    expectValid('CreateChatCompletionResponse', await (await post('/chat/completions', { model: 'mock-cached', messages: msgs, tools })).json());
  });

  it('every stream chunk (text with usage, tool call deltas)', async () => {
    const text = frames(
      await (await post('/chat/completions', { model: 'gpt-4o', messages: msgs, stream: true, stream_options: { include_usage: true } })).text(),
    );
    const tool = frames(await (await post('/chat/completions', { model: 'gpt-4o', messages: msgs, tools, stream: true })).text());
    expect(text.length).toBeGreaterThan(3);
    expect(tool.length).toBeGreaterThan(2);
    for (const chunk of [...text, ...tool]) expectValid('CreateChatCompletionStreamResponse', chunk);
  });

  it('embeddings, models and errors', async () => {
    expectValid('CreateEmbeddingResponse', await (await post('/embeddings', { model: 'e', input: ['a', 'b'] })).json());
    // encoding_format "base64" returns a string, as the real API and the SDK expect; the spec only types the float array.
    expectValid('ListModelsResponse', await (await fetch(`${mock.url}/models`)).json());
    expectValid('Model', await (await fetch(`${mock.url}/models/gpt-4o`)).json());
    for (const model of ['mock-error-500', 'mock-error-429'])
      expectValid('ErrorResponse', await (await post('/chat/completions', { model, messages: msgs })).json());
    expectValid('ErrorResponse', await (await post('/chat/completions', { model: 'gpt-4o' })).json());
    expectValid('ErrorResponse', await (await fetch(`${mock.url}/nope`)).json());
  });
});
