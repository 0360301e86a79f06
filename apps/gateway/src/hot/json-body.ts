import type { IncomingMessage } from 'node:http';
import { parse as secureParse } from 'secure-json-parse';
import { bodyTooLarge, unreadableJson, unsupportedContentType } from '../errors/gateway.error';

/**
 * Reads and parses a JSON request body with the checks Fastify applies to the other routes:
 * the size limit (413), a JSON content type (415) and no prototype-poisoning keys (400).
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
  try {
    // secure-json-parse (what Fastify uses) only where a poisoning key could be present at all.
    return text.includes('__proto__') || text.includes('constructor') ? secureParse(text, undefined, { protoAction: 'error', constructorAction: 'error' }) : JSON.parse(text);
  } catch {
    throw unreadableJson();
  }
}

