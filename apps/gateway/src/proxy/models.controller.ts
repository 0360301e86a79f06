import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '@tollgate/contracts';
import { ApiKeyGuard } from '../edge/api-key.guard';
import { EdgeGate } from '../edge/edge-gate.service';
import { WireFormat } from '../errors/wire-format';
import type { AnthropicModel, AnthropicModelPage, AnthropicPageQuery, OpenAiModel } from '../translate/models';
import { admitFree } from './access';
import { ModelsService } from './models.service';

type AuthedRequest = FastifyRequest & { user: Principal };

/** Anthropic's SDK sends `anthropic-version` on every request; it gets Anthropic's shapes (errors included). */
const anthropic = (req: FastifyRequest) => req.headers['anthropic-version'] !== undefined;

/** The models API of both SDKs (scope models:read): OpenAI's `models.list/retrieve` and Anthropic's. */
@UseGuards(ApiKeyGuard)
@Controller('v1/models')
export class ModelsController {
  constructor(
    private readonly models: ModelsService,
    private readonly gate: EdgeGate,
  ) {}

  @Get()
  @WireFormat('anthropic-if-versioned')
  async list(@Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply, @Query() query: AnthropicPageQuery): Promise<{ object: 'list'; data: OpenAiModel[] } | AnthropicModelPage> {
    reply.headers(await admitFree(this.gate, req.user, String(req.id), 'models:read'));
    return anthropic(req) ? this.models.anthropicList(req.user, query) : this.models.openAiList(req.user);
  }

  @Get(':model')
  @WireFormat('anthropic-if-versioned')
  async retrieve(@Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('model') model: string): Promise<OpenAiModel | AnthropicModel> {
    reply.headers(await admitFree(this.gate, req.user, String(req.id), 'models:read'));
    return anthropic(req) ? this.models.anthropicModel(req.user, model) : this.models.openAiModel(req.user, model);
  }
}
