import { unstorableTextProblem } from '@tollgate/contracts';
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { parse as secureParse } from 'secure-json-parse';
import {
  bodyTooDeep,
  bodyTooLarge,
  forbiddenJsonKey,
  GatewayError,
  GatewayErrors,
  unreadableJson,
  unsupportedContentType,
  unsupportedEncoding,
} from '../errors/gateway.error';

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
  const unreadable = unreadableEncoding(req);
  if (unreadable) {
    req.resume();
    return Promise.reject(unreadable);
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
        resolve(parseJsonBytes(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

/**
 * A JSON body the gateway would misread rather than refuse: compressed (`Content-Encoding` other
 * than identity) or in a charset other than UTF-8 (JSON's own, RFC 8259). Either is a 415.
 */
export function unreadableEncoding(req: Pick<IncomingMessage, 'headers'>): GatewayError | null {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    return unsupportedEncoding(`Unsupported content encoding '${encoding.slice(0, 32)}'; send the JSON body uncompressed.`);
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(req.headers['content-type'] ?? '')?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    return unsupportedEncoding(`Unsupported charset '${charset.slice(0, 32)}'; JSON bodies are read as UTF-8.`);
  }
  return null;
}

/** secure-json-parse's refusal of a poisoning key (a SyntaxError like any other, but for valid JSON). */
const POISONING_KEY_REFUSAL = 'Object contains forbidden prototype property';

/**
 * A body's bytes as JSON: they must be UTF-8 (JSON's encoding, RFC 8259). Bytes that are not are
 * refused like any unreadable body rather than decoded to U+FFFD, on every route alike.
 */
export function parseJsonBytes(bytes: Buffer): unknown {
  if (!isUtf8(bytes)) throw unreadableJson();
  return parseJson(bytes.toString('utf8'));
}

/** JSON text as a public route's body: too deep, a poisoning key and not JSON at all are each their own 400. */
export function parseJson(text: string): unknown {
  if (textTooDeep(text, MAX_JSON_DEPTH)) throw bodyTooDeep(MAX_JSON_DEPTH);
  try {
    return mayHidePoisoningKey(text) ? secureParse(text, undefined, { protoAction: 'error', constructorAction: 'error' }) : JSON.parse(text);
  } catch (err) {
    throw (err as Error).message === POISONING_KEY_REFUSAL ? forbiddenJsonKey() : unreadableJson();
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

/**
 * A gateway Fastify instance's routes (the public port's non-hot ones, and the admin port's) read JSON
 * bodies with parseJson too, so every gateway route refuses the same bodies with the same errors.
 * Replaces the parser acceptEmptyJsonBodies registered (still called first: it keeps Nest from adding
 * its own) and keeps its rule: an empty body is no body; a route that needs one refuses it when it validates.
 * `refuseUnstorableText` (the admin port, whose routes store what they are sent): a body holding
 * text the database cannot keep is a 400 naming the field. Public routes check their own fields
 * (/me's parseBody) or keep such text repaired (a stored response).
 */
export function parseJsonBodies(fastify: FastifyInstance, opts: { refuseUnstorableText?: boolean } = {}): void {
  const { bodyLimit } = fastify.initialConfig;
  fastify.removeContentTypeParser('application/json');
  // Refused before its bytes are read as text (preParsing runs before any content-type parser).
  // A path no route serves is a 404 whatever its body: nothing of it is read (req.is404).
  fastify.addHook('preParsing', (req, _reply, payload, done) => {
    const unreadable = req.headers['content-type'] === undefined || req.is404 ? null : unreadableEncoding(req);
    done(unreadable, unreadable ? undefined : payload);
  });
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (req, body: Buffer, done) => {
    if (body.length === 0 || req.is404) return done(null, undefined);
    try {
      const value = parseJsonBytes(body);
      const problem = opts.refuseUnstorableText ? unstorableTextProblem(value) : null;
      if (problem) throw GatewayErrors.invalidRequest(problem.message, { param: problem.param });
      done(null, value);
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
