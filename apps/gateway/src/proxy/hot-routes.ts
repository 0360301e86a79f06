import { INestApplication, Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { apiKeyOf } from '../edge/api-key';
import { KeyVerifier } from '../edge/key-verifier.service';
import { sendError } from '../errors/openai-error.filter';
import type { WireFormatName } from '../errors/wire-format';
import { HotReply } from '../hot/hot-reply';
import type { HotServer } from '../hot/hot-server';
import { readJsonBody } from '../hot/json-body';
import { callerRequestId, newRequestId } from '../hot/request-id';
import { recordOf } from '../hot/request-record';
import { callContext, CallContext } from './call-context';
import { ChatService } from './chat.service';
import { MessagesService } from './messages.service';
import type { Reply } from './reply';

const logger = new Logger('HotRoutes');

type Handler = (ctx: CallContext, body: unknown, reply: Reply) => Promise<void>;

/**
 * The two routes every LLM call takes, answered on node:http (HotServer) rather than through
 * Fastify and Nest's router: the same body checks, key check, services and error mapping,
 * without the per-request pipeline (measured in bench/README.md).
 */
export function registerHotRoutes(app: INestApplication, server: HotServer): void {
  const verifier = app.get(KeyVerifier);
  const chat = app.get(ChatService);
  const messages = app.get(MessagesService);
  const { BODY_LIMIT_BYTES: limit } = app.get<GatewayConfig>(GATEWAY_CONFIG);

  /** Each hot route declares its wire format: its errors take that shape. */
  const route = (path: string, wireFormat: WireFormatName, handle: Handler) =>
    server.post(path, (req, res) => void serve(req, res, wireFormat, handle));
  const serve = async (req: IncomingMessage, res: ServerResponse, wireFormat: WireFormatName, handle: Handler) => {
    const reply = new HotReply(req, res, recordOf(req)?.id ?? newRequestId(), callerRequestId(req.headers['x-request-id']));
    try {
      const body = await readJsonBody(req, limit);
      const principal = await verifier.verifyPresented(apiKeyOf(req.headers));
      await handle(callContext(principal, reply.request.id, res), body, reply);
    } catch (err) {
      if (!reply.sent) sendError(reply, err, 'public', wireFormat);
      else if (!res.headersSent && !res.destroyed) {
        // The answer failed while it was being written: end the call rather than leave it hanging.
        logger.error({ requestId: reply.request.id, callerRequestId: reply.request.callerId, err: err instanceof Error ? err.message : String(err) }, 'response could not be written; connection closed');
        res.destroy();
      }
    }
  };
  route('/v1/chat/completions', 'openai', (ctx, body, reply) => chat.complete(ctx, body, reply));
  route('/v1/messages', 'anthropic', (ctx, body, reply) => messages.create(ctx, body, reply));
}
