import pino, { Logger } from 'pino';

/** Structured JSON logs; credentials are redacted wherever they appear in a log object. */
export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers["x-api-key"]',
  'key',
  'apiKey',
  'upstreamApiKey',
  'token',
  '*.authorization',
  '*.key',
  '*.apiKey',
];

export function createLogger(service: string, level: string, destination?: pino.DestinationStream): Logger {
  const options = { name: service, level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
/**
 * The line a service writes once it is up (its addresses), in the same JSON shape as every other
 * log line, whatever LOG_LEVEL says: `npm start`, the bench and the tests read the addresses from it.
 */
export function announce(service: string, message: string, fields: Record<string, unknown> = {}): void {
  createLogger(service, 'info').info({ context: service, ...fields }, message);
}

export type { Logger };
