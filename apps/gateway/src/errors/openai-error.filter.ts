import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Reply } from '../proxy/reply';
import { openAiErrorToAnthropic } from '../translate/anthropic-errors';
import { internalErrorBody, toOpenAiError } from './error-body';
import { bodyTooLarge, GatewayError, unreadableJson, unsupportedContentType } from './gateway.error';

const logger = new Logger('GatewayErrors');

/** Anything thrown on the way to a response, as a GatewayError (or null if it is a bug). */
export function classify(err: unknown): GatewayError | null {
  if (err instanceof GatewayError) return err;
  const status = err instanceof HttpException ? err.getStatus() : (err as { statusCode?: number })?.statusCode;
  if (status === 413) return bodyTooLarge();
  if (status === 404) return new GatewayError('not_found', 'Unknown request URL. Please check the URL and method.');
  if (status === 401) return new GatewayError('invalid_api_key', 'Invalid or missing API key.');
  if (status === 503) return new GatewayError('auth_unavailable', 'The gateway is not ready: Redis or NATS is unavailable.');
  if (status === 415) return unsupportedContentType();
  if (status === 400) return unreadableJson();
  return null;
}

/** The client went away (its request was aborted): nobody is left to answer, nothing to log. */
function clientGone(reply: Reply, err: unknown): boolean {
  const name = (err as { name?: string })?.name;
  return reply.raw.destroyed || reply.raw.writableEnded || name === 'AbortError' || name === 'RequestAbortedError';
}

export function sendError(reply: Reply, err: unknown): void {
  if (clientGone(reply, err)) {
    if (!reply.raw.destroyed) reply.raw.destroy();
    return;
  }
  const known = classify(err);
  if (!known) {
    const errorId = randomUUID();
    logger.error({ errorId, requestId: reply.request.id, err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, 'unhandled error');
    const body = internalErrorBody(errorId);
    void reply.status(500).send(reply.request.url.startsWith('/v1/messages') ? openAiErrorToAnthropic(500, body, String(reply.request.id)) : body);
    return;
  }
  const { status, body, headers } = toOpenAiError(known);
  // Each surface answers in its own wire format: Anthropic's on the Messages API.
  const anthropic = reply.request.url.startsWith('/v1/messages');
  void reply
    .status(status)
    .headers(headers)
    .send(anthropic ? openAiErrorToAnthropic(status, body, String(reply.request.id)) : body);
}

@Catch()
export class OpenAiErrorFilter implements ExceptionFilter {
  catch(err: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<Reply>();
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.destroy();
      return;
    }
    sendError(reply, err);
  }
}
