import { Body, Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { KeyedRequest, PublicRoute } from '../http/public-route.guard';
import { V1_ROUTES } from '../http/public-routes';
import { callContext } from '../http/call-context';
import { CountTokensService } from './count-tokens.service';
import { EmbeddingsService } from './embeddings.service';

/** The OpenAI-compatible surface besides the hot routes (chat/completions, messages: hot-routes.ts) and the models API (models.controller.ts). */
@Controller()
export class V1Controller {
  constructor(
    private readonly embeddingsService: EmbeddingsService,
    private readonly countTokens: CountTokensService,
  ) {}

  /** Metered: the service sizes the hold from the body and admits the call. */
  @PublicRoute(V1_ROUTES.embeddings)
  embeddings(@Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown): Promise<Record<string, unknown>> {
    return this.embeddingsService.create(callContext(req.user, String(req.id), reply.raw, V1_ROUTES.embeddings.scope), body, reply);
  }

  /** Anthropic's `messages.countTokens`: an estimate, not metered (count-tokens.service.ts). */
  @PublicRoute(V1_ROUTES.countTokens)
  countMessageTokens(@Req() req: KeyedRequest, @Body() body: unknown): { input_tokens: number } {
    return this.countTokens.count(req.user, body);
  }
}
