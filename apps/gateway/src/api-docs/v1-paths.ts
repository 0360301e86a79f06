import { ChatRequest } from '../calls/chat.request';
import { ResponsesRequest } from '../responses/responses.request';
import { Json, Operation, Paths, pathParam, query, ref, schemaOf, Security } from './openapi-types';

const OPENAI = 'https://platform.openai.com/docs/api-reference';
const ANTHROPIC = 'https://docs.anthropic.com/en/api';
const KEY: Security = [{ bearer_key: [] }, { x_api_key: [] }];

const header = (name: string): Json => ({ $ref: `#/components/headers/${name}` });
const RATE = Object.fromEntries(
  [
    'x-ratelimit-limit-requests',
    'x-ratelimit-remaining-requests',
    'x-ratelimit-reset-requests',
    'x-ratelimit-limit-tokens',
    'x-ratelimit-remaining-tokens',
    'x-ratelimit-reset-tokens',
  ].map((h) => [h, header(h)]),
);
const ROUTED = {
  'x-request-id': header('x-request-id'),
  'x-tollgate-provider': header('x-tollgate-provider'),
  'x-tollgate-model': header('x-tollgate-model'),
  ...RATE,
};
const errors = (anthropic: boolean, ...codes: string[]) => Object.fromEntries(codes.map((c) => [c, ref(anthropic ? `anthropic_error_${c}` : `error_${c}`)]));

/** An object Tollgate passes through as the upstream API defines it: the gateway's own fields named, the rest in `see`. */
const passthrough = (description: string, see: string, properties: Json = {}, required: string[] = []): Json => ({
  type: 'object',
  description: `${description} Full schema: ${see}`,
  properties,
  required,
  additionalProperties: true,
});

const chatBody = {
  ...schemaOf(ChatRequest, 'input'),
  description: `What Tollgate checks; every other field of OpenAI's request is passed to the upstream as sent. Full schema: ${OPENAI}/chat/create`,
};
const messagesBody = passthrough(
  "Anthropic's Messages request.",
  `${ANTHROPIC}/messages`,
  {
    model: { type: 'string' },
    max_tokens: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    messages: { type: 'array', items: { type: 'object' } },
    system: {},
    stream: { type: 'boolean' },
  },
  ['model', 'max_tokens', 'messages'],
);

/** One /v1 call's documentation: its summary and scope, the API page it mirrors, request schema and example, answer schema. */
interface CallDoc {
  summary: string;
  scope: string;
  see: string;
  reqSchema: Json;
  example: Json;
  answer: Json;
  /** Errors in Anthropic's shape. */
  anthropic?: boolean;
  /** More answer content types (the event stream). */
  extra?: Record<string, Json>;
}

function call({ summary, scope, see, reqSchema, example, answer, anthropic = false, extra = {} }: CallDoc): Operation {
  return {
    summary,
    tags: ['v1'],
    security: KEY,
    description: `Scope \`${scope}\`. Routed to the model's targets in priority order, falling back on upstream errors.`,
    externalDocs: { url: see },
    requestBody: { required: true, content: { 'application/json': { schema: reqSchema, example } } },
    responses: {
      '200': {
        description: 'The upstream answer in this API’s shape',
        headers: { ...ROUTED, 'x-tollgate-cost': header('x-tollgate-cost') },
        content: { 'application/json': { schema: answer }, ...extra },
      },
      ...errors(anthropic, '400', '401', '403', '404', '413', '415', '429', '502', '503', '504'),
    },
  };
}

const responsesBody = {
  ...schemaOf(ResponsesRequest, 'input'),
  description: `Sent as is to a target whose provider speaks the Responses API (kind \`openai-responses\`: its model name, \`store: false\` upstream, the stored chain resolved into \`input\`; events passed through with Tollgate's response id), bridged to chat completions for any other target (Anthropic ones through the Messages translation). Function tools only; built-in tools, \`conversation\`, \`background\` and \`include\` are refused with a 400 naming the field. \`store\` (default true) keeps the answer for the tenant (RESPONSES_RETENTION_DAYS, default 30); \`previous_response_id\` puts a stored response's chain (its inputs and outputs, not its instructions) before \`input\`, and the credit hold covers it all: an unknown id, another tenant's or one stored with \`store: false\` is a 404 \`not_found\`, a chain over RESPONSES_MAX_CHAIN_BYTES a 400, both naming \`previous_response_id\`. Full schema: ${OPENAI}/responses/create`,
};
const RESPONSE_SSE = {
  'text/event-stream': {
    schema: {
      type: 'string',
      description:
        'Typed events when `stream: true` (`response.created` … `response.completed`, each with `sequence_number`); `response.completed` usage carries `cost_micros`.',
    },
  },
};

/** The stored-response routes: scope `chat:write` (the scope that made them; no narrower scope reads them), another tenant's id a 404 like an unknown one. */
function stored(summary: string, see: string, answer: Json, parameters: Json[] = []): Operation {
  return {
    summary,
    tags: ['v1'],
    security: KEY,
    description:
      "Scope `chat:write`. A response stored with `store` (the default) by this key's tenant; any other id, another tenant's included, is a 404 `not_found`.",
    externalDocs: { url: see },
    parameters: [pathParam('response_id', 'The id `POST /v1/responses` answered (`resp_…`).'), ...parameters],
    responses: {
      '200': { description: 'OK', headers: { 'x-request-id': header('x-request-id') }, content: { 'application/json': { schema: answer } } },
      ...errors(false, '400', '401', '403', '404'),
    },
  };
}
const deletedResponse: Json = {
  type: 'object',
  properties: { id: { type: 'string' }, object: { const: 'response.deleted' }, deleted: { const: true } },
  required: ['id', 'object', 'deleted'],
};
const inputItemList: Json = {
  type: 'object',
  properties: {
    object: { const: 'list' },
    data: { type: 'array', items: passthrough('An input item, with its id.', `${OPENAI}/responses/input-items`) },
    first_id: { type: ['string', 'null'] },
    last_id: { type: ['string', 'null'] },
    has_more: { type: 'boolean' },
  },
  required: ['object', 'data', 'first_id', 'last_id', 'has_more'],
};

const SSE = {
  'text/event-stream': { schema: { type: 'string', description: 'Server-sent events when `stream: true`; the usage chunk carries `cost_micros`.' } },
};

/** /v1: what Tollgate accepts and answers; the full objects are OpenAI's and Anthropic's. */
export const V1_PATHS: Paths = {
  '/v1/chat/completions': {
    post: call({
      summary: 'Chat completion (OpenAI)',
      scope: 'chat:write',
      see: `${OPENAI}/chat/create`,
      reqSchema: chatBody,
      example: { model: 'tollgate-fast', messages: [{ role: 'user', content: 'Hello' }] },
      answer: passthrough("OpenAI's chat.completion.", `${OPENAI}/chat/object`),
      extra: SSE,
    }),
  },
  '/v1/responses': {
    post: call({
      summary: 'Response (OpenAI Responses API)',
      scope: 'chat:write',
      see: `${OPENAI}/responses/create`,
      reqSchema: responsesBody,
      example: { model: 'tollgate-fast', input: 'Hello' },
      answer: passthrough("OpenAI's response object.", `${OPENAI}/responses/object`),
      extra: RESPONSE_SSE,
    }),
  },
  '/v1/responses/{response_id}': {
    get: stored('A stored response', `${OPENAI}/responses/get`, passthrough("OpenAI's response object, as it was answered.", `${OPENAI}/responses/object`)),
    delete: stored('Delete a stored response (a chain that ran through it ends there)', `${OPENAI}/responses/delete`, deletedResponse),
  },
  '/v1/responses/{response_id}/input_items': {
    get: stored('The input items of a stored response (its own input, not the chain before it)', `${OPENAI}/responses/input-items`, inputItemList, [
      query('limit', '1–100, default 20.', { type: 'integer', minimum: 1, maximum: 100 }),
      query('order', '`desc` (default, newest first) or `asc`.', { type: 'string', enum: ['asc', 'desc'] }),
      query('after', 'An item id: list the items after it in this order.'),
    ]),
  },
  '/v1/messages': {
    post: call({
      summary: 'Message (Anthropic)',
      scope: 'chat:write',
      see: `${ANTHROPIC}/messages`,
      reqSchema: messagesBody,
      example: { model: 'tollgate-fast', max_tokens: 256, messages: [{ role: 'user', content: 'Hello' }] },
      answer: passthrough("Anthropic's message.", `${ANTHROPIC}/messages`),
      anthropic: true,
      extra: SSE,
    }),
  },
  '/v1/messages/count_tokens': {
    post: call({
      summary: 'Count tokens (Anthropic): the gateway’s own estimate, nothing sent upstream or metered',
      scope: 'chat:write',
      see: `${ANTHROPIC}/messages-count-tokens`,
      reqSchema: messagesBody,
      example: { model: 'tollgate-fast', messages: [{ role: 'user', content: 'Hello' }] },
      answer: { type: 'object', properties: { input_tokens: { type: 'integer' } }, required: ['input_tokens'] },
      anthropic: true,
    }),
  },
  '/v1/embeddings': {
    post: call({
      summary: 'Embeddings (OpenAI)',
      scope: 'embeddings:write',
      see: `${OPENAI}/embeddings/create`,
      reqSchema: passthrough("OpenAI's embeddings request.", `${OPENAI}/embeddings/create`, { model: { type: 'string' }, input: {} }, ['model', 'input']),
      example: { model: 'tollgate-embed', input: 'Hello' },
      answer: passthrough('OpenAI’s embeddings list.', `${OPENAI}/embeddings/object`),
    }),
  },
  '/v1/models': {
    get: {
      summary: 'Models this key may use',
      tags: ['v1'],
      security: KEY,
      description: "Scope `models:read`. OpenAI's list; with an `anthropic-version` header Anthropic's, paged by `limit`, `after_id`, `before_id`.",
      externalDocs: { url: `${OPENAI}/models/list` },
      parameters: [
        query('limit', 'Anthropic shape only: 1–1000, default 20.', { type: 'integer', minimum: 1, maximum: 1000 }),
        query('after_id', 'Anthropic shape only.'),
        query('before_id', 'Anthropic shape only.'),
        { name: 'anthropic-version', in: 'header', required: false, schema: { type: 'string' } },
      ],
      responses: {
        '200': {
          description: 'OK',
          headers: { 'x-request-id': header('x-request-id') },
          content: {
            'application/json': {
              schema: { type: 'object', properties: { object: { const: 'list' }, data: { type: 'array', items: { $ref: '#/components/schemas/model' } } } },
            },
          },
        },
        ...errors(false, '401', '403'),
      },
    },
  },
  '/v1/models/{model}': {
    get: {
      summary: 'One model, if this key may use it',
      tags: ['v1'],
      security: KEY,
      description: "Scope `models:read`. 404 `model_not_found` otherwise. Anthropic's shape with `anthropic-version`.",
      externalDocs: { url: `${OPENAI}/models/retrieve` },
      parameters: [pathParam('model', 'The model name.')],
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/model' } } } },
        ...errors(false, '401', '403', '404'),
      },
    },
  },
};
