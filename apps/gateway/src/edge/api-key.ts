import type { IncomingHttpHeaders } from 'node:http';

const BEARER = /^bearer\s+(\S+)\s*$/i;

/**
 * The API key a request presents: `Authorization: Bearer <key>` (OpenAI SDK) or, with no
 * Authorization header, `x-api-key` (Anthropic SDK). Null when there is none.
 */
export function apiKeyOf(headers: IncomingHttpHeaders): string | null {
  const authorization = headers.authorization;
  if (authorization) return BEARER.exec(authorization)?.[1] ?? null;
  const xApiKey = headers['x-api-key'];
  return typeof xApiKey === 'string' && xApiKey ? xApiKey : null;
}
