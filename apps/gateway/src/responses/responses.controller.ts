import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '@tollgate/contracts';
import { ApiKeyGuard } from '../edge/api-key.guard';
import { callContext } from '../proxy/call-context';
import { ResponsesService } from './responses.service';
import { StoredResponsesService } from './stored-responses.service';

type AuthedRequest = FastifyRequest & { user: Principal };

/**
 * OpenAI's Responses API. Every route needs `chat:write`: stored responses hold what that scope
 * sent and received, and there is no narrower scope that could read them.
 */
@UseGuards(ApiKeyGuard)
@Controller('v1')
export class ResponsesController {
  constructor(
    private readonly responses: ResponsesService,
    private readonly stored: StoredResponsesService,
  ) {}

  /** The service writes the answer itself (JSON or events). */
  @Post('responses')
  create(@Req() req: AuthedRequest, @Res() reply: FastifyReply, @Body() body: unknown): Promise<void> {
    return this.responses.create(callContext(req.user, String(req.id), reply.raw), body, reply);
  }

  @Get('responses/:response_id')
  retrieve(@Req() req: AuthedRequest, @Param('response_id') id: string): Promise<Record<string, unknown>> {
    return this.stored.retrieve(req.user, id);
  }

  @Delete('responses/:response_id')
  @HttpCode(200)
  remove(@Req() req: AuthedRequest, @Param('response_id') id: string): Promise<Record<string, unknown>> {
    return this.stored.delete(req.user, id);
  }

  @Get('responses/:response_id/input_items')
  inputItems(@Req() req: AuthedRequest, @Param('response_id') id: string, @Query() query: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.stored.inputItems(req.user, id, query);
  }
}
