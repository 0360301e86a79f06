import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '@tollgate/contracts';
import { CatalogService } from '../catalog/catalog.service';
import { ApiKeyGuard } from '../edge/api-key.guard';
import { EdgeGate } from '../edge/edge-gate.service';
import { reachableModels, requireScope } from './access';
import { callContext } from './call-context';
import { EmbeddingsService } from './embeddings.service';

type AuthedRequest = FastifyRequest & { user: Principal };

/** The OpenAI-compatible surface. */
@UseGuards(ApiKeyGuard)
@Controller('v1')
export class V1Controller {
  constructor(
    private readonly embeddingsService: EmbeddingsService,
    private readonly catalog: CatalogService,
    private readonly gate: EdgeGate,
  ) {}

  // POST chat/completions and POST messages are hot routes: see hot-routes.ts.

  @Post('embeddings')
  @HttpCode(200)
  embeddings(@Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown): Promise<Record<string, unknown>> {
    return this.embeddingsService.create(callContext(req.user, String(req.id), reply.raw), body, reply);
  }

  @Get('models')
  async models(
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ object: 'list'; data: { id: string; object: 'model'; created: number; owned_by: string }[] }> {
    reply.headers((await this.gate.admit(req.user, String(req.id), { holdMicros: 0, tokens: 0 })).headers);
    requireScope(req.user, 'models:read');
    const data = reachableModels(req.user, this.catalog).map((r) => ({
      id: r.model,
      object: 'model' as const,
      created: Math.floor(r.createdAt.getTime() / 1000),
      owned_by: 'tollgate',
    }));
    return { object: 'list', data: data.sort((a, b) => a.id.localeCompare(b.id)) };
  }
}
