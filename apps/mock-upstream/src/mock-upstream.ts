import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dispatchMessages, MESSAGES } from './anthropic';
import { handleChat } from './chat';
import { handleEmbeddings, handleModel, MODELS_LIST_BODY, type EmbeddingRequest } from './embeddings';
import { handleResponses, type ResponsesRequest } from './responses';
import { answerAfter, RequestTimers, sendError, type ApiError, sendInvalidUrl, sendJson, sendRateLimited, sendServerError } from './respond';
import { switchFor } from './switches';
import type { ChatRequest, MockContext, MockUpstream, MockUpstreamOptions, RecordedRequest } from './types';

export type { MockUpstream, MockUpstreamOptions, RecordedRequest } from './types';

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const CHAT = '/v1/chat/completions';
const EMBEDDINGS = '/v1/embeddings';
const MODELS = '/v1/models';
const RESPONSES = '/v1/responses';

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const MISSING = (param: string): ApiError => ({
  message: `Missing required parameter: '${param}'.`,
  type: 'invalid_request_error',
  param,
  code: 'missing_required_parameter',
});

/** The 401 for a missing or wrong Bearer key, or undefined when the key matches (or none is configured). */
function openAiAuthError(req: IncomingMessage, expectedAuth: string | undefined): ApiError | undefined {
  if (expectedAuth === undefined || req.headers.authorization === expectedAuth) return undefined;
  const given = req.headers.authorization;
  const message = given
    ? 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.'
    : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
  return { message, type: 'invalid_request_error', param: null, code: given ? 'invalid_api_key' : null };
}

/** The 400 for a POST body that is not a JSON object or lacks `model` (and `messages` for chat, `input` otherwise). */
function bodyError(path: string, body: unknown, raw: string): ApiError | undefined {
  if (body === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) {
    const message = raw.length === 0 ? 'You must provide a JSON body.' : 'We could not parse the JSON body of your request.';
    return { message, type: 'invalid_request_error' };
  }
  const model = (body as { model?: unknown }).model;
  if (typeof model !== 'string' || model.length === 0) return MISSING('model');
  if (path === CHAT) {
    const messages = (body as { messages?: unknown }).messages;
    if (!Array.isArray(messages) || messages.length === 0) return MISSING('messages');
  } else if ((body as { input?: unknown }).input === undefined) return MISSING('input');
  return undefined;
}

/** One request as read off the wire: `body` is undefined when absent or not JSON (`raw` tells which). */
interface Incoming {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  body: unknown;
  raw: string;
}

/** Answers a validated OpenAI-style POST after the configured and switched delay, in the switch's behaviour. */
function answerOpenAi(path: string, body: object, ctx: MockContext, res: ServerResponse, requestId: string): void {
  const sw = switchFor((body as { model: string }).model);
  if (sw.behaviour === 'hang') return; // never answers; the client's disconnect closes `res`, nothing is held
  const answer = (timers?: RequestTimers): void => {
    if (sw.behaviour === 'error-500') return sendServerError(res, requestId);
    if (sw.behaviour === 'error-429') return sendRateLimited(res, requestId);
    const reply = { res, requestId, sw, ctx, timers };
    if (path === CHAT) handleChat(body as ChatRequest, reply);
    else if (path === RESPONSES) handleResponses(body as ResponsesRequest, reply);
    else handleEmbeddings(res, body as EmbeddingRequest, requestId);
  };
  answerAfter(res, ctx.delayMs + sw.slowMs, answer);
}

function makeDispatch(opts: MockUpstreamOptions, ctx: MockContext): (r: Incoming) => void {
  const expectedAuth = opts.apiKey ? `Bearer ${opts.apiKey}` : undefined;
  return ({ req, res, method, path, body, raw }) => {
    const requestId = `req_mock${ctx.nextId().toString(36)}`;
    if (path === MESSAGES) return dispatchMessages({ req, res, method, body, requestId, apiKey: opts.apiKey, ctx });
    const denied = openAiAuthError(req, expectedAuth);
    if (denied) return sendError(res, 401, requestId, denied);
    if (method === 'GET') {
      if (path === MODELS) return sendJson(res, 200, MODELS_LIST_BODY, requestId);
      if (path.startsWith(MODELS + '/') && path.length > MODELS.length + 1) return handleModel(res, safeDecode(path.slice(MODELS.length + 1)), requestId);
      return sendInvalidUrl(res, requestId, method, path);
    }
    if (method !== 'POST' || (path !== CHAT && path !== EMBEDDINGS && path !== RESPONSES)) return sendInvalidUrl(res, requestId, method, path);
    const problem = bodyError(path, body, raw);
    if (problem) return sendError(res, 400, requestId, problem);
    answerOpenAi(path, body as object, ctx, res, requestId);
  };
}

/** Reads each request's body (up to MAX_BODY_BYTES), parses it as JSON when it can, then records and dispatches it. */
function makeOnRequest(record: (r: Incoming) => void, dispatch: (r: Incoming) => void) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';
    if (method === 'GET' || method === 'HEAD' || method === 'DELETE') {
      const r = { req, res, method, path, body: undefined, raw: '' };
      record(r);
      dispatch(r);
      req.resume();
      return;
    }
    let raw = '';
    let size = 0;
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        sendError(res, 413, 'req_mock_too_large', { message: 'Request body too large.', type: 'invalid_request_error' });
        req.destroy();
        return;
      }
      raw += chunk;
    });
    req.on('end', () => {
      if (res.headersSent || res.destroyed) return;
      const body = parseBody(raw);
      record({ req, res, method, path, body, raw });
      dispatch({ req, res, method, path, body: typeof body === 'string' ? undefined : body, raw });
    });
  };
}

/** The parsed JSON, the raw text when it is not JSON, or undefined when empty. */
function parseBody(raw: string): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

async function listen(server: Server, opts: MockUpstreamOptions, host: string): Promise<number> {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: opts.port ?? 0, host, backlog: opts.backlog }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Starts an OpenAI-compatible mock (with `POST /v1/responses`, plus Anthropic's native `POST /v1/messages`) on plain node:http. Resolves once it listens. */
export async function startMockUpstream(opts: MockUpstreamOptions = {}): Promise<MockUpstream> {
  const host = opts.host ?? '127.0.0.1';
  const maxRecorded = opts.maxRecordedRequests ?? 1000;
  const requests: RecordedRequest[] = [];
  let counter = 0;
  const ctx: MockContext = {
    delayMs: opts.delayMs ?? 0,
    chunkDelayMs: opts.chunkDelayMs ?? 0,
    fixedRate: opts.fixedRate ?? false,
    streamChunks: opts.streamChunks ?? 0,
    stampChunks: opts.stampChunks ?? false,
    nextId: () => ++counter,
  };
  const record = ({ method, path, req, body }: Incoming): void => {
    if (maxRecorded <= 0) return;
    if (requests.length >= maxRecorded) requests.shift();
    requests.push({ method, path, headers: req.headers, body });
  };
  const server = createServer(makeOnRequest(record, makeDispatch(opts, ctx)));
  const port = await listen(server, opts, host);
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    });
    return closing;
  };
  const reset = (): void => {
    requests.length = 0;
  };
  return { url: `http://${urlHost}:${port}/v1`, origin: `http://${urlHost}:${port}`, port, close, requests, reset };
}
