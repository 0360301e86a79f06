import type { ResolvedTarget } from '../catalog/catalog.service';
import type { ItemSource } from './sse-source';

export type UpstreamReply =
  | { kind: 'json'; /** The upstream's bytes when they are already OpenAI's format. */ text: string | null; json: Record<string, unknown> }
  /** Each event's data in OpenAI's chat-completion-chunk format (or the Responses API's events), and `[DONE]`. */
  | { kind: 'stream'; source: ItemSource };

export interface ChatCall {
  target: ResolvedTarget;
  /** An OpenAI chat-completions request with the upstream's model name. */
  body: Record<string, unknown>;
  stream: boolean;
  signal: AbortSignal;
}

/**
 * Talks to one kind of provider in OpenAI's chat format: requests go in as OpenAI chat
 * bodies and answers come back as OpenAI completions or chunks, whatever the provider speaks.
 * Errors are GatewayErrors; `retryable` ones let the router try the next target.
 */
export interface ProviderAdapter {
  chat(call: ChatCall): Promise<UpstreamReply>;
  /** OpenAI's Responses API as is (`POST {baseUrl}/responses`): its JSON, or its events' data. */
  responses?(call: ChatCall): Promise<UpstreamReply>;
  embeddings?(call: Omit<ChatCall, 'stream'>): Promise<Record<string, unknown>>;
}
