import { Body, Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '@tollgate/contracts';
import { ApiKeyGuard } from '../edge/api-key.guard';
import { callContext } from '../proxy/call-context';
import { ResponsesService } from './responses.service';

type AuthedRequest = FastifyRequest & { user: Principal };

/** OpenAI's Responses API (scope `chat:write`); the service writes the answer itself (JSON or events). */
@UseGuards(ApiKeyGuard)
@Controller('v1')
export class ResponsesController {
  constructor(private readonly responses: ResponsesService) {}

  @Post('responses')
  create(@Req() req: AuthedRequest, @Res() reply: FastifyReply, @Body() body: unknown): Promise<void> {
    return this.responses.create(callContext(req.user, String(req.id), reply.raw), body, reply);
  }
}
