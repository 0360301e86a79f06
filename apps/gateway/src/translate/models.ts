/** The models API in both wire formats: OpenAI's `model` objects and list, Anthropic's `ModelInfo` and cursor page. */
import { GatewayErrors } from '../errors/gateway.error';

/** A model a key may use, as the catalog holds it. */
export interface ModelEntry {
  model: string;
  createdAt: Date;
}

export interface OpenAiModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

export interface AnthropicModel {
  type: 'model';
  id: string;
  display_name: string;
  created_at: string;
}

export interface AnthropicModelPage {
  data: AnthropicModel[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

export function openAiModel(m: ModelEntry): OpenAiModel {
  return { id: m.model, object: 'model', created: Math.floor(m.createdAt.getTime() / 1000), owned_by: 'tollgate' };
}

export function anthropicModel(m: ModelEntry): AnthropicModel {
  return { type: 'model', id: m.model, display_name: m.model, created_at: m.createdAt.toISOString() };
}

/** Anthropic's list query: `limit` (1–1000, default 20) and one cursor, `after_id` or `before_id`. */
export interface AnthropicPageQuery {
  limit?: unknown;
  after_id?: unknown;
  before_id?: unknown;
}

function limitOf(raw: unknown): number {
  if (raw === undefined || raw === '') return 20;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw GatewayErrors.invalidRequest('limit: Input should be an integer between 1 and 1000', { param: 'limit' });
  return n;
}

/**
 * One page of `entries` (sorted by id) in Anthropic's shape. Cursors compare by id, so a page
 * stays well defined when the model a cursor names was removed meanwhile.
 */
export function anthropicModelPage(entries: readonly ModelEntry[], query: AnthropicPageQuery): AnthropicModelPage {
  const limit = limitOf(query.limit);
  const after = typeof query.after_id === 'string' ? query.after_id : undefined;
  const before = typeof query.before_id === 'string' ? query.before_id : undefined;
  let data: ModelEntry[];
  let hasMore: boolean;
  if (before !== undefined) {
    const earlier = entries.filter((m) => m.model < before);
    data = earlier.slice(Math.max(0, earlier.length - limit));
    hasMore = earlier.length > limit;
  } else {
    const later = after === undefined ? [...entries] : entries.filter((m) => m.model > after);
    data = later.slice(0, limit);
    hasMore = later.length > limit;
  }
  return { data: data.map(anthropicModel), has_more: hasMore, first_id: data[0]?.model ?? null, last_id: data.at(-1)?.model ?? null };
}
