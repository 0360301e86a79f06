import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dispatchMessages, MESSAGES } from './anthropic';
import { handleChat } from './chat';
import { handleEmbeddings, handleModel, MODELS_LIST_BODY, type EmbeddingRequest } from './embeddings';
import { handleResponses, type ResponsesRequest } from './responses';
import { answerAfter, RequestTimers, sendError, sendInvalidUrl, sendJson, sendRateLimited, sendServerError } from './respond';
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

/** Starts an OpenAI-compatible mock (with `POST /v1/responses`, plus Anthropic's native `POST /v1/messages`) on plain node:http. Resolves once it listens. */
export async function startMockUpstream(opts: MockUpstreamOptions = {}): Promise<MockUpstream> {
  const host = opts.host ?? '127.0.0.1';
  const maxRecorded = opts.maxRecordedRequests ?? 1000;
  const expectedAuth = opts.apiKey ? `Bearer ${opts.apiKey}` : undefined;
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

  const record = (method: string, path: string, req: IncomingMessage, body: unknown): void => {
    if (maxRecorded <= 0) return;
    if (requests.length >= maxRecorded) requests.shift();
    requests.push({ method, path, headers: req.headers, body });
  };

  const dispatch = (req: IncomingMessage, res: ServerResponse, method: string, path: string, body: unknown, raw: string): void => {
    const requestId = `req_mock${(++counter).toString(36)}`;
    if (path === MESSAGES) return dispatchMessages({ req, res, method, body, requestId, apiKey: opts.apiKey, ctx });
    if (expectedAuth !== undefined && req.headers.authorization !== expectedAuth) {
      const given = req.headers.authorization;
      const message = given
        ? 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.'
        : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
      return sendError(res, 401, requestId, message, 'invalid_request_error', null, given ? 'invalid_api_key' : null);
    }
    if (method === 'GET') {
      if (path === MODELS) return sendJson(res, 200, MODELS_LIST_BODY, requestId);
      if (path.startsWith(MODELS + '/') && path.length > MODELS.length + 1) return handleModel(res, safeDecode(path.slice(MODELS.length + 1)), requestId);
      return sendInvalidUrl(res, requestId, method, path);
    }
    if (method !== 'POST' || (path !== CHAT && path !== EMBEDDINGS && path !== RESPONSES)) return sendInvalidUrl(res, requestId, method, path);
    if (body === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) {
      const message = raw.length === 0 ? 'You must provide a JSON body.' : 'We could not parse the JSON body of your request.';
      return sendError(res, 400, requestId, message, 'invalid_request_error');
    }
    const model = (body as { model?: unknown }).model;
    if (typeof model !== 'string' || model.length === 0) {
      return sendError(res, 400, requestId, "Missing required parameter: 'model'.", 'invalid_request_error', 'model', 'missing_required_parameter');
    }
    const isChat = path === CHAT;
    if (isChat) {
      const messages = (body as { messages?: unknown }).messages;
      if (!Array.isArray(messages) || messages.length === 0) {
        return sendError(res, 400, requestId, "Missing required parameter: 'messages'.", 'invalid_request_error', 'messages', 'missing_required_parameter');
      }
    } else if ((body as { input?: unknown }).input === undefined) {
      return sendError(res, 400, requestId, "Missing required parameter: 'input'.", 'invalid_request_error', 'input', 'missing_required_parameter');
    }
    const sw = switchFor(model);
    if (sw.behaviour === 'hang') return; // never answers; the client's disconnect closes `res`, nothing is held
    const answer = (timers?: RequestTimers): void => {
      if (sw.behaviour === 'error-500') return sendServerError(res, requestId);
      if (sw.behaviour === 'error-429') return sendRateLimited(res, requestId);
      if (isChat) handleChat(res, body as ChatRequest, sw, ctx, requestId, timers);
      else if (path === RESPONSES) handleResponses(res, body as ResponsesRequest, sw, ctx, requestId, timers);
      else handleEmbeddings(res, body as EmbeddingRequest, requestId);
    };
    answerAfter(res, ctx.delayMs + sw.slowMs, answer);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';
    if (method === 'GET' || method === 'HEAD' || method === 'DELETE') {
      record(method, path, req, undefined);
      dispatch(req, res, method, path, undefined, '');
      req.resume();
      return;
    }
    let raw = '';
    let size = 0;
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        sendError(res, 413, 'req_mock_too_large', 'Request body too large.', 'invalid_request_error');
        req.destroy();
        return;
      }
      raw += chunk;
    });
    req.on('end', () => {
      if (res.headersSent || res.destroyed) return;
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
      }
      record(method, path, req, body);
      dispatch(req, res, method, path, typeof body === 'string' ? undefined : body, raw);
    });
  };

  const server = createServer(onRequest);
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
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url: `http://${urlHost}:${port}/v1`,
    origin: `http://${urlHost}:${port}`,
    port,
    close,
    requests,
    reset: () => {
      requests.length = 0;
    },
  };
}
