import type { IncomingHttpHeaders } from 'node:http';

export interface MockUpstreamOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /**
   * Pending connections the kernel queues until the mock accepts them (Node's default, 511, when
   * unset; the kernel caps it at net.core.somaxconn). Thousands of streams opened within seconds
   * by a busy mock overflow 511: the kernel drops their SYNs and the clients retry seconds later.
   */
  backlog?: number;
  /** Delay in ms before every response (default 0). */
  delayMs?: number;
  /** Delay in ms between streamed SSE chunks (default 0: all chunks written in one tick, each as its own write). */
  chunkDelayMs?: number;
  /**
   * Streamed chunks keep a fixed rate: chunk i is due `i × chunkDelayMs` after the first, so a late
   * chunk (a busy event loop) does not delay the ones after it (default false: each waits
   * `chunkDelayMs` after the previous write).
   */
  fixedRate?: boolean;
  /**
   * Chat completions reply with exactly this many content pieces (one token each) instead of
   * echoing the prompt; `max_tokens` still truncates. Default 0: the echo. Tool calls are unchanged.
   */
  streamChunks?: number;
  /**
   * With `streamChunks`: each streamed content piece is ` ~t<16 digits>`, the microseconds of
   * CLOCK_MONOTONIC when the chunk was written (see long-reply.ts), for measuring per-chunk delay.
   */
  stampChunks?: boolean;
  /**
   * When set, every request must carry `Authorization: Bearer <apiKey>` (401 otherwise);
   * `POST /v1/messages` also accepts Anthropic's `x-api-key: <apiKey>`.
   */
  apiKey?: string;
  /** How many recent requests `requests` keeps (default 1000; 0 disables recording). */
  maxRecordedRequests?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined for bodiless requests, the raw text when it was not JSON. */
  body: unknown;
}

export interface MockUpstream {
  /** Base URL including `/v1`, ready for `new OpenAI({ baseURL })`. */
  url: string;
  /** `http://host:port` without `/v1`, ready for `new Anthropic({ baseURL })` (its paths start with `/v1/`). */
  origin: string;
  port: number;
  close(): Promise<void>;
  /** The most recent requests, oldest first (bounded by `maxRecordedRequests`). */
  requests: RecordedRequest[];
  /** Clears `requests`. */
  reset(): void;
}

/** The subset of a chat completion request the mock reads. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  tools?: Array<{ type?: string; function?: { name?: string } }>;
  tool_choice?: string | { type?: string; function?: { name?: string } } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
}

export interface ChatMessage {
  role: string;
  content?: string | Array<{ type?: string; text?: string }> | null;
}

/** Per-instance settings shared by the handlers. */
export interface MockContext {
  delayMs: number;
  chunkDelayMs: number;
  fixedRate: boolean;
  /** Content pieces of a chat reply (0: echo the prompt). */
  streamChunks: number;
  stampChunks: boolean;
  nextId(): number;
}

/** The subset of an Anthropic Messages request the mock reads (`POST /v1/messages`). */
export interface AnthropicRequest {
  model: string;
  max_tokens: number;
  /** Text blocks carry `text`, which is all the mock reads; tool results are recognised by their `type`. */
  messages: ChatMessage[];
  system?: string | Array<{ type?: string; text?: string }>;
  stream?: boolean;
  tools?: Array<{ name?: string; type?: string }>;
  tool_choice?: { type?: string; name?: string } | null;
  stop_sequences?: string[];
}
