import { BadRequestException } from '@nestjs/common';
import type { FastifyAdapter } from '@nestjs/platform-fastify';
import { unstorableTextProblem } from '@tollgate/contracts';

/**
 * A 400 for a parsed JSON body holding text the database cannot keep (NUL, an unpaired surrogate),
 * naming where, or null. The admin APIs store what they are sent: refused here, once, such text
 * never reaches Postgres as a 500 or is stored other than as sent.
 */
export function unstorableBodyError(body: unknown): BadRequestException | null {
  const problem = unstorableTextProblem(body);
  // statusCode too: Fastify answers a parser's error by it before Nest's filters map the exception.
  return problem && Object.assign(new BadRequestException(problem.message), { statusCode: 400 });
}

/**
 * Nest's body parsers, except that a JSON request with an empty body has no body rather than
 * an unparseable one: `POST …/revoke` with `Content-Type: application/json` and nothing after
 * it is accepted, and a route that needs a body still refuses the missing one when it
 * validates it. Text the database cannot keep is refused with a 400 (unstorableBodyError).
 * Call before the app is created (Nest registers its parsers only once).
 */
export function acceptEmptyJsonBodies(adapter: FastifyAdapter): void {
  adapter.registerParserMiddleware();
  const fastify = adapter.getInstance();
  const { bodyLimit, onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const json = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (req, body: string, done) => {
    if (body.length === 0) return done(null, undefined);
    void json(req, body, (err: Error | null, value?: unknown) => {
      const unstorable = err ? null : unstorableBodyError(value);
      if (unstorable) return done(unstorable, undefined);
      done(err, value);
    });
  });
}
