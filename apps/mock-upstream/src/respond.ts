import type { ServerResponse } from 'node:http';
import { framesOf, type Frames } from './long-reply';
import type { Switch } from './switches';
import type { MockContext } from './types';

/** Writes a complete JSON response (body already serialised). */
export function sendJson(res: ServerResponse, status: number, body: string, requestId: string, retryAfter?: string): void {
  if (res.destroyed) return;
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
  };
  if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
  res.writeHead(status, headers);
  res.end(body);
}

/** OpenAI's error envelope: `{"error":{"message","type","param","code"}}`. */
export function errorBody(message: string, type: string, param: string | null = null, code: string | null = null): string {
  return JSON.stringify({ error: { message, type, param, code } });
}

/** An OpenAI error to send: the envelope's fields (`param` and `code` default to null). */
export interface ApiError {
  message: string;
  type: string;
  param?: string | null;
  code?: string | null;
}

export function sendError(res: ServerResponse, status: number, requestId: string, err: ApiError): void {
  sendJson(res, status, errorBody(err.message, err.type, err.param ?? null, err.code ?? null), requestId);
}

const SERVER_ERROR = errorBody('The server had an error while processing your request. Sorry about that!', 'server_error');
const RATE_LIMITED = errorBody('Rate limit reached for requests (mock-upstream). Please try again in 1s.', 'requests', null, 'rate_limit_exceeded');

export function sendServerError(res: ServerResponse, requestId: string): void {
  sendJson(res, 500, SERVER_ERROR, requestId);
}

export function sendRateLimited(res: ServerResponse, requestId: string): void {
  sendJson(res, 429, RATE_LIMITED, requestId, '1');
}

/** 404 in OpenAI's words for an unknown route or a wrong method. */
export function sendInvalidUrl(res: ServerResponse, requestId: string, method: string, path: string): void {
  sendError(res, 404, requestId, { message: `Invalid URL (${method} ${path})`, type: 'invalid_request_error' });
}

/** Timers for one request that die with its response: a client abort clears them. */
export class RequestTimers {
  private timer: NodeJS.Timeout | undefined;
  closed = false;

  constructor(res: ServerResponse) {
    res.once('close', () => {
      this.closed = true;
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
    });
  }

  /** Runs `fn` after `ms` unless the response closes first. */
  after(ms: number, fn: () => void): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) fn();
    }, ms);
  }
}

/** Where and how a validated request is answered: its response, request id, model-name switch, mock settings and timers. */
export interface Reply {
  res: ServerResponse;
  requestId: string;
  sw: Switch;
  ctx: MockContext;
  timers?: RequestTimers;
}

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' } as const;

export interface SseWriteOptions {
  requestId: string;
  /** Delay between frames (0: all written in one tick, each with its own `res.write`). */
  chunkDelayMs: number;
  /**
   * Frame i is due `i × chunkDelayMs` after the first, whatever the event loop's lag: a late frame
   * does not push back the ones after it, so a stream keeps its rate (30 a second stays 30 a
   * second under load). Off: each frame waits `chunkDelayMs` after the previous one was written.
   */
  fixedRate?: boolean;
  /** Destroy the socket after the last frame instead of ending the response (a stream cut mid-way). */
  cut: boolean;
  timers?: RequestTimers;
}

/** Writes a 200 SSE response frame by frame; each frame is produced (`at(i)`) just before its write. */
export function writeSseFrames(res: ServerResponse, list: string[] | Frames, opts: SseWriteOptions): void {
  if (res.destroyed) return;
  const frames = Array.isArray(list) ? framesOf(list) : list;
  res.writeHead(200, { ...SSE_HEADERS, 'x-request-id': opts.requestId });
  const last = frames.length - 1;
  const finish = (): void => {
    if (opts.cut) res.write(frames.at(last), () => res.destroy());
    else res.end(frames.at(last));
  };
  if (opts.chunkDelayMs <= 0) {
    for (let i = 0; i < last; i++) res.write(frames.at(i));
    finish();
    return;
  }
  const t = opts.timers ?? new RequestTimers(res);
  const delay = opts.chunkDelayMs;
  const start = performance.now();
  let i = 0;
  const step = (): void => {
    if (i === last) return finish();
    res.write(frames.at(i++));
    t.after(opts.fixedRate ? Math.max(0, start + i * delay - performance.now()) : delay, step);
  };
  step();
}

/** Runs `answer` now, or after `delayMs` unless the client leaves first. */
export function answerAfter(res: ServerResponse, delayMs: number, answer: (timers?: RequestTimers) => void): void {
  if (delayMs <= 0) return answer();
  const timers = new RequestTimers(res);
  timers.after(delayMs, () => answer(timers));
}
