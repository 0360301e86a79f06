import { Body, Controller, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { KeyedRequest, PublicRoute } from '../http/public-route.guard';
import { V1_ROUTES } from '../http/public-routes';
import { callContext } from '../http/call-context';
import { ResponsesService } from './responses.service';
import { StoredResponsesService } from './stored-responses.service';

/** OpenAI's Responses API; every route needs `chat:write` (declared in V1_ROUTES). */
@Controller()
export class ResponsesController {
  constructor(
    private readonly responses: ResponsesService,
    private readonly stored: StoredResponsesService,
  ) {}

  /** Metered; the service writes the answer itself (JSON or events). */
  @PublicRoute(V1_ROUTES.createResponse)
  create(@Req() req: KeyedRequest, @Res() reply: FastifyReply, @Body() body: unknown): Promise<void> {
    return this.responses.create(callContext(req.user, String(req.id), reply.raw, V1_ROUTES.createResponse.scope), body, reply);
  }

  @PublicRoute(V1_ROUTES.retrieveResponse)
  retrieve(@Req() req: KeyedRequest, @Param('response_id') id: string): Promise<Record<string, unknown>> {
    return this.stored.retrieve(req.user, id);
  }

  @PublicRoute(V1_ROUTES.deleteResponse)
  remove(@Req() req: KeyedRequest, @Param('response_id') id: string): Promise<Record<string, unknown>> {
    return this.stored.delete(req.user, id);
  }

  @PublicRoute(V1_ROUTES.listInputItems)
  inputItems(@Req() req: KeyedRequest, @Param('response_id') id: string, @Query() query: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.stored.inputItems(req.user, id, query);
  }
}
