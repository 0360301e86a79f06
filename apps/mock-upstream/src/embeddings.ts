import type { ServerResponse } from 'node:http';
import { sendError, sendJson } from './respond';

const DEFAULT_DIMENSIONS = 8;
const MAX_DIMENSIONS = 4096;

export interface EmbeddingRequest {
  model: string;
  input: unknown;
  dimensions?: number;
  encoding_format?: 'float' | 'base64';
}

/** Inputs as a list of items: a string, or an array of token ids. Undefined when the shape is invalid. */
function inputItems(input: unknown): Array<string | number[]> | undefined {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (typeof input[0] === 'number') return [input as number[]];
  for (const item of input) if (typeof item !== 'string' && !Array.isArray(item)) return undefined;
  return input as Array<string | number[]>;
}

/** FNV-1a over the input, then xorshift32: a deterministic vector in [-1, 1). */
function vectorFor(item: string | number[], dims: number): Float32Array {
  let h = 0x811c9dc5;
  if (typeof item === 'string') {
    for (let i = 0; i < item.length; i++) h = Math.imul(h ^ item.charCodeAt(i), 0x01000193);
  } else {
    for (const t of item) h = Math.imul(h ^ (t | 0), 0x01000193);
  }
  const out = new Float32Array(dims);
  let x = h | 0 || 1;
  for (let i = 0; i < dims; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) / 0x80000000 - 1;
  }
  return out;
}

function tokensOf(item: string | number[]): number {
  return typeof item === 'string' ? Math.max(1, Math.ceil(item.length / 4)) : item.length;
}

export function handleEmbeddings(res: ServerResponse, body: EmbeddingRequest, requestId: string): void {
  const items = inputItems(body.input);
  if (!items) {
    sendError(res, 400, requestId, {
      message: "'input' must be a string, an array of strings, or an array of token arrays.",
      type: 'invalid_request_error',
      param: 'input',
    });
    return;
  }
  const d = body.dimensions;
  const dims = typeof d === 'number' && Number.isInteger(d) && d > 0 && d <= MAX_DIMENSIONS ? d : DEFAULT_DIMENSIONS;
  const base64 = body.encoding_format === 'base64';
  let prompt = 0;
  const data = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    prompt += tokensOf(item);
    const v = vectorFor(item, dims);
    const embedding = base64 ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : Array.from(v);
    data[i] = { object: 'embedding', index: i, embedding };
  }
  const response = { object: 'list', data, model: body.model, usage: { prompt_tokens: prompt, total_tokens: prompt } };
  sendJson(res, 200, JSON.stringify(response), requestId);
}

/** Models the mock lists (any model name is accepted on the POST endpoints regardless). */
export const MODEL_IDS = [
  'gpt-4o',
  'gpt-4o-mini',
  'text-embedding-3-small',
  'mock-error-500',
  'mock-error-429',
  'mock-hang',
  'mock-stream-cut',
  'mock-no-usage',
  'mock-cached',
] as const;

const CREATED = 1700000000;
const modelObject = (id: string) => ({ id, object: 'model', created: CREATED, owned_by: 'mock-upstream' });
export const MODELS_LIST_BODY = JSON.stringify({ object: 'list', data: MODEL_IDS.map(modelObject) });

export function handleModel(res: ServerResponse, id: string, requestId: string): void {
  sendJson(res, 200, JSON.stringify(modelObject(id)), requestId);
}
