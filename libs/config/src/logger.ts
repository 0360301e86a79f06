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

/**
 * A service's logger. Without `destination` it writes to stdout asynchronously (buffered, flushed
 * on exit by pino): a line per request must never block the event loop on a slow log reader.
 */
export function createLogger(service: string, level: string, destination?: pino.DestinationStream): Logger {
  const options = { name: service, level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}
/**
 * The line a service writes once it is up (its addresses), in the same JSON shape as every other
 * log line, whatever LOG_LEVEL says: `npm start`, the bench and the tests read the addresses from it.
 */
export function announce(service: string, message: string, fields: Record<string, unknown> = {}): void {
  createLogger(service, 'info', pino.destination({ dest: 1, sync: true })).info({ context: service, ...fields }, message);
}

export type { Logger };
