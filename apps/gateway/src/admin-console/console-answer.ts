import type { FastifyReply } from 'fastify';
import { toOpenAiError } from '../errors/error-body';
import type { GatewayError } from '../errors/gateway.error';

/** What a /console-api route answers: a status, a JSON object or an upstream's bytes, and maybe a cookie. */
export interface ConsoleAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer | object;
  cookie?: string;
}

/** A domain error as an answer that also sets a cookie (a session found ended is cleared). */
export function errorAnswer(err: GatewayError, cookie?: string): ConsoleAnswer {
  const { status, body, headers } = toOpenAiError(err);
  return { status, headers, body: body as object, cookie };
}

/** Writes the answer; nothing on /console-api is ever cached. */
export function sendAnswer(reply: FastifyReply, answer: ConsoleAnswer): void {
  void reply
    .code(answer.status)
    .headers(answer.headers ?? {})
    .header('cache-control', 'no-store');
  if (answer.cookie) void reply.header('set-cookie', answer.cookie);
  if (answer.body === undefined || answer.status === 204 || answer.status === 304) {
    void reply.send();
    return;
  }
  if (Buffer.isBuffer(answer.body)) {
    if (answer.body.length === 0) void reply.send();
    else void reply.send(answer.body);
    return;
  }
  void reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(answer.body));
}
