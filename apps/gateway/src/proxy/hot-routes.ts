import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '@tollgate/contracts';
import { ApiKeyGuard } from '../edge/api-key.guard';
import { KeyVerifier } from '../edge/key-verifier.service';
import { sendError } from '../errors/openai-error.filter';
import { callContext } from './call-context';
import { ChatService } from './chat.service';
import { MessagesService } from './messages.service';

type Handler = (req: FastifyRequest & { user: Principal }, reply: FastifyReply) => Promise<void>;

/**
 * The two routes every LLM call takes, registered on Fastify directly rather than through
 * Nest's router: the same guard, services and error mapping, without the per-request
 * pipeline of interceptors, pipes and middleware (measured in bench/README.md).
 */
export function registerHotRoutes(app: INestApplication, fastify: FastifyInstance): void {
  const guard = new ApiKeyGuard(app.get(KeyVerifier));
  const chat = app.get(ChatService);
  const messages = app.get(MessagesService);
  const route = (url: string, handle: Handler) =>
    fastify.post(url, async (req, reply) => {
      try {
        await guard.authenticate(req as FastifyRequest & { user?: Principal });
        await handle(req as FastifyRequest & { user: Principal }, reply);
      } catch (err) {
        if (!reply.sent) sendError(reply, err);
      }
      return reply;
    });
  route('/v1/chat/completions', (req, reply) => chat.complete(callContext(req, reply), req.body, reply));
  route('/v1/messages', (req, reply) => messages.create(callContext(req, reply), req.body, reply));
}
