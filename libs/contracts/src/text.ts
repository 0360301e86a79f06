import { z } from 'zod';

/**
 * Text Postgres can keep. A JSON string may hold what Postgres's `text` and `jsonb` refuse: NUL
 * (`\u0000`) and an unpaired UTF-16 surrogate (`\ud800` alone, which no UTF-8 encodes). Caller
 * input with either is refused at the edge with a 400 naming the field; text that must be kept
 * anyway (a usage event, a stored response) has each such character replaced by U+FFFD.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');
const ESCAPED_UNSTORABLE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f])/i;

/** The message for a field holding such text. */
export const UNSTORABLE_TEXT = 'must be valid text (no NUL characters or unpaired surrogates)';

export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/** `s` with each NUL and unpaired surrogate replaced by U+FFFD (the same string when there is none). */
export function storableText(s: string): string {
  return isStorableText(s) ? s : s.replace(UNSTORABLE_ALL, '\ufffd');
}

/** A JSON value with storableText applied to every string and key (the same value when there is nothing to change). */
export function storableJson<T>(value: T): T {
  // JSON.stringify writes NUL and an unpaired surrogate as escapes (\u0000, \udXXX), a backslash as
  // \\: an escape after an even run of backslashes is one of those; one scan tells.
  if (!ESCAPED_UNSTORABLE.test(JSON.stringify(value) ?? '')) return value;
  return deepStorable(value) as T;
}

function deepStorable(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(deepStorable);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[storableText(k)] = deepStorable(v);
  return out;
}

/**
 * Where in a parsed JSON body the first unstorable string or key is (its path, [] for the body
 * itself), or null when there is none. Bodies are bounded (the JSON parser's size and depth limits).
 */
export function unstorableTextAt(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path;
  if (value === null || typeof value !== 'object') return null;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) {
    if (typeof k === 'string' && !isStorableText(k)) return [...path, storableText(k)];
    const found = unstorableTextAt(v, [...path, k]);
    if (found) return found;
  }
  return null;
}

/**
 * The 400 every service gives a body holding such text: the field (null for the body itself) and
 * the message naming it, or null when the body is clean. One wording on every port.
 */
export function unstorableTextProblem(body: unknown): { param: string | null; message: string } | null {
  const at = unstorableTextAt(body);
  if (!at) return null;
  const param = at.length ? at.join('.') : null;
  return { param, message: `Invalid '${param ?? 'body'}': ${UNSTORABLE_TEXT}.` };
}

/** A string kept in Postgres as is from the wire (usage events): unstorable characters become U+FFFD. */
export const StoredText = z.string().transform(storableText);
