import type { FastifyAdapter } from '@nestjs/platform-fastify';

/**
 * Nest's body parsers, except that a JSON request with an empty body has no body rather than
 * an unparseable one: `POST …/revoke` with `Content-Type: application/json` and nothing after
 * it is accepted, and a route that needs a body still refuses the missing one when it
 * validates it. Call before the app is created (Nest registers its parsers only once).
 */
export function acceptEmptyJsonBodies(adapter: FastifyAdapter): void {
  adapter.registerParserMiddleware();
  const fastify = adapter.getInstance();
  const { bodyLimit, onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const json = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (req, body: string, done) => {
    if (body.length === 0) return done(null, undefined);
    void json(req, body, done);
  });
}
