import type { IncomingMessage } from 'node:http';
import { parse as secureParse } from 'secure-json-parse';
import { bodyTooDeep, bodyTooLarge, unreadableJson, unsupportedContentType } from '../errors/gateway.error';

/**
 * Most levels of nesting (objects and arrays) a JSON body may have. Real requests (messages,
 * content parts, tool schemas) stay far below; deeper bodies only exhaust recursive code
 * (ours, a translator's, an upstream's) and are refused with 400 before anything else runs.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Reads and parses a JSON request body with the checks Fastify applies to the other routes:
 * the size limit (413), a JSON content type (415), no prototype-poisoning keys and at most
 * MAX_JSON_DEPTH levels of nesting (400).
 */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'];
  if (!type || !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    req.resume();
    return Promise.reject(unsupportedContentType());
  }
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    return Promise.reject(bodyTooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(bodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > limit) return;
      try {
        resolve(parseJson(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, size).toString('utf8')));
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (textTooDeep(text, MAX_JSON_DEPTH)) throw bodyTooDeep(MAX_JSON_DEPTH);
  try {
    return mayHidePoisoningKey(text) ? secureParse(text, undefined, { protoAction: 'error', constructorAction: 'error' }) : JSON.parse(text);
  } catch {
    throw unreadableJson();
  }
}

/**
 * Whether a poisoning key (`__proto__`, `constructor.prototype`) could be present at all, in
 * any spelling: JSON can write any letter of a key as a \u escape (`"\u005f_proto__"`), which
 * secure-json-parse (what Fastify uses on the other routes) finds and refuses just the same. Most
 * bodies have neither the words nor an escape and skip its scan (those with escapes, such as
 * Python's json.dumps writes for any non-ASCII text, pay one regex pass).
 */
function mayHidePoisoningKey(text: string): boolean {
  return text.includes('__proto__') || text.includes('constructor') || text.includes('\\u');
}

/**
 * Whether JSON text nests deeper than `max`, without parsing it: brackets outside strings are
 * counted, strings skipped with indexOf (most of a request's bytes are message text).
 */
export function textTooDeep(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip to the closing quote: one not preceded by an odd run of backslashes.
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i < 0) return false; // unterminated: the parser will refuse it
        let slashes = 0;
        while (text.charCodeAt(i - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** Whether a parsed JSON value nests deeper than `max` (for bodies another parser read); stops at `max`. */
export function valueTooDeep(value: unknown, max: number, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth + 1 > max) return true;
  for (const key in value) {
    if (valueTooDeep((value as Record<string, unknown>)[key], max, depth + 1)) return true;
  }
  return false;
}

/**
 * Refuses bodies nested deeper than MAX_JSON_DEPTH on a Fastify instance's routes (the
 * non-hot ones), after its JSON parser and before validation, with the same error.
 */
export function limitJsonDepth(fastify: {
  addHook(name: 'preValidation', hook: (req: { body?: unknown }, reply: unknown, done: (err?: Error) => void) => void): unknown;
}): void {
  fastify.addHook('preValidation', (req, _reply, done) => {
    done(valueTooDeep(req.body, MAX_JSON_DEPTH) ? bodyTooDeep(MAX_JSON_DEPTH) : undefined);
  });
}
