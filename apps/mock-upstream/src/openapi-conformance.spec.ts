/**
 * Validates raw mock responses against the OpenAI OpenAPI component schemas.
 * Uses `ajv` and `yaml`, which are present only as hoisted transitive dependencies (fastify, nx); skipped if absent.
 */
import { readFileSync } from 'node:fs';
import { startMockUpstream, type MockUpstream } from './mock-upstream';

const SPEC = '/work/shared/conformance/openai-openapi.yaml';
type Validate = ((data: unknown) => boolean) & { errors?: unknown };
interface AjvLike {
  addSchema(schema: object): unknown;
  getSchema(ref: string): Validate | undefined;
}

function loadDeps(): { parse: (s: string) => unknown; Ajv: new (o: object) => AjvLike } | undefined {
  try {
    const yaml = require('yaml') as { parse: (s: string, o?: object) => unknown };
    const ajv = require('ajv') as { default: new (o: object) => AjvLike };
    return { parse: (s) => yaml.parse(s, { maxAliasCount: -1 }), Ajv: ajv.default };
  } catch {
    return undefined;
  }
}

/** OpenAPI 3.0 leftovers: `nullable: true` becomes a union with null; doc-only keywords are dropped. */
function shim(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shim);
  if (!node || typeof node !== 'object') return node;
  const src = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) if (k !== 'nullable' && k !== 'discriminator' && k !== 'x-oaiMeta') out[k] = shim(v);
  if (src.nullable === true) {
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const deps = loadDeps();
const specPresent = (() => {
  try {
    readFileSync(SPEC, { flag: 'r' }).subarray(0, 1);
    return true;
  } catch {
    return false;
  }
})();

(deps && specPresent ? describe : describe.skip)('mock-upstream responses match the OpenAI OpenAPI schemas', () => {
  let mock: MockUpstream;
  let ajv: AjvLike;
  const post = (path: string, body: unknown) =>
    fetch(mock.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const expectValid = (schema: string, data: unknown) => {
    const validate = ajv.getSchema(`openai#/components/schemas/${schema}`);
    if (!validate) throw new Error(`no schema ${schema}`);
    const ok = validate(data);
    if (!ok) throw new Error(`${schema}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(data)}`);
  };
  const frames = (sse: string) =>
    sse
      .split('\n\n')
      .filter((f) => f.startsWith('data: {'))
      .map((f) => JSON.parse(f.slice(6)) as unknown);
  const msgs = [{ role: 'user', content: 'please use tool' }];
  const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];

  beforeAll(async () => {
    const doc = deps!.parse(readFileSync(SPEC, 'utf8')) as { components: { schemas: object } };
    ajv = new deps!.Ajv({ strict: false, validateFormats: false, validateSchema: false, allErrors: true });
    ajv.addSchema({ $id: 'openai', components: { schemas: shim(doc.components.schemas) } });
    mock = await startMockUpstream();
  }, 60_000);
  afterAll(() => mock?.close());

  it('the validator rejects a malformed chunk (sanity)', () => {
    expect(() => expectValid('CreateChatCompletionStreamResponse', { id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 5 }, finish_reason: null }] })).toThrow();
  });

  it('plain chat completions (text, tool call, cached usage)', async () => {
    expectValid('CreateChatCompletionResponse', await (await post('/chat/completions', { model: 'gpt-4o', messages: msgs })).json());
    expectValid('CreateChatCompletionResponse', await (await post('/chat/completions', { model: 'mock-cached', messages: msgs, tools })).json());
  });

  it('every stream chunk (text with usage, tool call deltas)', async () => {
    const text = frames(await (await post('/chat/completions', { model: 'gpt-4o', messages: msgs, stream: true, stream_options: { include_usage: true } })).text());
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
    for (const model of ['mock-error-500', 'mock-error-429']) expectValid('ErrorResponse', await (await post('/chat/completions', { model, messages: msgs })).json());
    expectValid('ErrorResponse', await (await post('/chat/completions', { model: 'gpt-4o' })).json());
    expectValid('ErrorResponse', await (await fetch(`${mock.url}/nope`)).json());
  });
});
