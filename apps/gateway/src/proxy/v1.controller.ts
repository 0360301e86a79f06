import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '@tollgate/contracts';
import { ApiKeyGuard } from '../edge/api-key.guard';
import { EdgeGate } from '../edge/edge-gate.service';
import { WireFormat } from '../errors/wire-format';
import { admitFree } from './access';
import { callContext } from './call-context';
import { CountTokensService } from './count-tokens.service';
import { EmbeddingsService } from './embeddings.service';

type AuthedRequest = FastifyRequest & { user: Principal };

/** The OpenAI-compatible surface besides the hot routes and the models API (models.controller.ts). */
@UseGuards(ApiKeyGuard)
@Controller('v1')
export class V1Controller {
  constructor(
    private readonly embeddingsService: EmbeddingsService,
    private readonly countTokens: CountTokensService,
    private readonly gate: EdgeGate,
  ) {}

  // POST chat/completions and POST messages are hot routes: see hot-routes.ts.

  @Post('embeddings')
  @HttpCode(200)
  embeddings(@Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown): Promise<Record<string, unknown>> {
    return this.embeddingsService.create(callContext(req.user, String(req.id), reply.raw), body, reply);
  }

  /** Anthropic's `messages.countTokens`: an estimate, not metered (count-tokens.service.ts). */
  @Post('messages/count_tokens')
  @HttpCode(200)
  @WireFormat('anthropic')
  async countMessageTokens(@Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown): Promise<{ input_tokens: number }> {
    reply.headers(await admitFree(this.gate, req.user, String(req.id), 'chat:write'));
    return this.countTokens.count(req.user, body);
  }
}
