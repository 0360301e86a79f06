/** A request's input as stored items (each with an id), and the pages of GET /v1/responses/{id}/input_items (pure). */
import type { ResponseFrame } from './response-object';
import { invalidResponsesQuery } from './stored-errors';

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const PREFIX: Record<string, string> = { message: 'msg', function_call: 'fc', function_call_output: 'fco' };

/** An input item's id: its kind, the response's hex and 0x8000 + its place (output items count from 0, so none collide). */
function inputItemIdOf(frame: ResponseFrame, kind: string, index: number): string {
  return `${Object.hasOwn(PREFIX, kind) ? PREFIX[kind] : 'item'}_${frame.id.slice(5)}${(0x8000 + index).toString(16)}`;
}

/**
 * The caller's input as items OpenAI's input_items lists: a string becomes a user message, string
 * content becomes one text part, and each item gets an id and a status when it has none. Items were
 * checked by the translation before this runs.
 */
export function storedInputItems(input: string | unknown[], frame: ResponseFrame): Json[] {
  const items = typeof input === 'string' ? [{ role: 'user', content: input }] : input;
  return items.filter(isRecord).map((raw, i) => {
    const type = typeof raw.type === 'string' ? raw.type : 'message';
    const item: Json = { ...raw, type, id: typeof raw.id === 'string' && raw.id ? raw.id : inputItemIdOf(frame, type, i) };
    if (type === 'message' && typeof raw.content === 'string') {
      item.content = raw.role === 'assistant' ? [outputText({ text: raw.content })] : [{ type: 'input_text', text: raw.content }];
    } else if (type === 'message' && raw.role === 'assistant' && Array.isArray(raw.content)) {
      item.content = raw.content.map((part: unknown) => (isRecord(part) && part.type === 'output_text' ? outputText(part) : part));
    }
    if (item.status === undefined) item.status = 'completed';
    return item;
  });
}

/** An assistant's text part as OpenAI's OutputMessage holds it (annotations and logprobs always present). */
function outputText(part: Json): Json {
  return {
    ...part,
    type: 'output_text',
    annotations: Array.isArray(part.annotations) ? part.annotations : [],
    logprobs: Array.isArray(part.logprobs) ? part.logprobs : [],
  };
}

export interface InputItemsQuery {
  limit: number;
  order: 'asc' | 'desc';
  after: string | null;
}

/** `limit` (1–100, default 20), `order` (`asc` | `desc`, default `desc`) and `after` (an item id), as OpenAI takes them. */
export function parseInputItemsQuery(query: Record<string, unknown>): InputItemsQuery {
  const limitText = query.limit === undefined ? '20' : String(query.limit);
  const limit = /^\d+$/.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 1 && limit <= 100)) throw invalidResponsesQuery("Invalid 'limit': expected an integer from 1 to 100.", 'limit');
  const order = query.order === undefined ? 'desc' : query.order;
  if (order !== 'asc' && order !== 'desc') throw invalidResponsesQuery("Invalid 'order': expected 'asc' or 'desc'.", 'order');
  const after = query.after === undefined || query.after === '' ? null : String(query.after);
  return { limit, order, after };
}

/** One page of a response's input items. */
export function inputItemsPage(items: Json[], q: InputItemsQuery): Json {
  const ordered = q.order === 'asc' ? items : [...items].reverse();
  let start = 0;
  if (q.after !== null) {
    const at = ordered.findIndex((item) => item.id === q.after);
    if (at < 0) throw invalidResponsesQuery(`Invalid 'after': no input item '${q.after}' in this response.`, 'after');
    start = at + 1;
  }
  const data = ordered.slice(start, start + q.limit);
  return {
    object: 'list',
    data,
    first_id: (data[0]?.id as string | undefined) ?? null,
    last_id: (data.at(-1)?.id as string | undefined) ?? null,
    has_more: start + q.limit < ordered.length,
  };
}
