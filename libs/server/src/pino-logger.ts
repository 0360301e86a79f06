import type { LoggerService } from '@nestjs/common';
import { createLogger, Logger } from '@tollgate/config';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's start-up narration (each module loaded, each route mapped: ~25 lines a service) is
 * written at debug: `LOG_LEVEL=debug` shows it. Its warnings and errors keep their level.
 */
const FRAMEWORK_CHATTER = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication', 'NestMicroservice']);

/**
 * Nest's LoggerService on pino: one JSON object per line, the Nest context as `context`,
 * credentials redacted by the paths in @tollgate/config. `logger.warn({ requestId, err }, 'text')`
 * keeps the object's fields as fields of the line and the text as `msg`.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write(FRAMEWORK_CHATTER.has(params.at(-1) as string) ? 'debug' : 'info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest passes the context last; before it, a text (when the message is an object) or an error's stack. */
  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    const context = typeof rest.at(-1) === 'string' && rest.length >= 1 ? (rest.pop() as string) : undefined;
    const extra = rest.find((p): p is string => typeof p === 'string');
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      this.pino[level]({ context, ...(message as Record<string, unknown>) }, extra);
    } else if (message instanceof Error) {
      this.pino[level]({ context, err: { message: message.message, stack: message.stack } }, extra ?? message.message);
    } else {
      this.pino[level]({ context, ...(extra ? { stack: extra } : {}) }, String(message));
    }
  }
}

/** The services' logger: pino JSON at `level`, or nothing at all for `silent`. */
export function jsonLogger(service: string, level: string): LoggerService | false {
  if (level === 'silent') return false;
  return new PinoNestLogger(createLogger(service, level));
}
