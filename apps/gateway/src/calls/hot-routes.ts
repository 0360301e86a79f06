import { INestApplication, Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { AdmissionService } from '../edge/admission.service';
import { sendError } from '../http/openai-error.filter';
import { resolveWireFormat } from '../errors/wire-format';
import { HotReply } from '../http/hot-reply';
import type { HotServer } from '../http/hot-server';
import { readJsonBody } from '../http/json-body';
import { callerRequestId, newRequestId } from '../http/request-id';
import { recordOf } from '../http/request-record';
import { V1_ROUTES, V1Route } from '../http/public-routes';
import { callContext, CallContext } from '../http/call-context';
import { ChatService } from './chat.service';
import { MessagesService } from './messages.service';
import type { Reply } from '../http/reply';

const logger = new Logger('HotRoutes');

type Handler = (ctx: CallContext, body: unknown, reply: Reply) => Promise<void>;

/**
 * The two routes every LLM call takes, answered on node:http (HotServer) without Fastify and Nest's
 * per-request machinery (its cost is measured in bench/README.md), through the pipeline every public
 * route has: the request id (HotServer), the key from the header before the body is read, the body's
 * checks, the handler (which sizes the hold and admits through AdmissionService), errors in the
 * route's declared wire format.
 */
export function registerHotRoutes(app: INestApplication, server: HotServer): void {
  const admission = app.get(AdmissionService);
  const chat = app.get(ChatService);
  const messages = app.get(MessagesService);
  const { BODY_LIMIT_BYTES: limit } = app.get<GatewayConfig>(GATEWAY_CONFIG);

  const serve = async (req: IncomingMessage, res: ServerResponse, route: V1Route, handle: Handler) => {
    const reply = new HotReply(req, res, recordOf(req)?.id ?? newRequestId(), callerRequestId(req.headers['x-request-id']));
    try {
      // A missing or bad key is answered before the body is buffered or parsed (node then discards it, keeping the connection).
      const principal = await admission.authenticate(req.headers);
      const body = await readJsonBody(req, limit);
      await handle(callContext(principal, reply.request.id, res, route.scope), body, reply);
    } catch (err) {
      if (!reply.sent) sendError(reply, err, 'public', resolveWireFormat(route.wireFormat, req.headers));
      else if (!res.headersSent && !res.destroyed) {
        // The answer failed while it was being written: end the call rather than leave it hanging.
        logger.error(
          { requestId: reply.request.id, callerRequestId: reply.request.callerId, err: err instanceof Error ? err.message : String(err) },
          'response could not be written; connection closed',
        );
        res.destroy();
      }
    }
  };
  const route = (declared: V1Route, handle: Handler) => server.post(declared.path, (req, res) => void serve(req, res, declared, handle));
  route(V1_ROUTES.chatCompletions, (ctx, body, reply) => chat.complete(ctx, body, reply));
  route(V1_ROUTES.messages, (ctx, body, reply) => messages.create(ctx, body, reply));
}
