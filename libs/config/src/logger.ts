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
export type { Logger };
