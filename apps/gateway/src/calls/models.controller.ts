import { Controller, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { KeyedRequest, PublicRoute } from '../http/public-route.guard';
import { V1_ROUTES } from '../http/public-routes';
import type { AnthropicModel, AnthropicModelPage, AnthropicPageQuery, OpenAiModel } from '../translate/models';
import { ModelsService } from './models.service';

/** Anthropic's SDK sends `anthropic-version` on every request; it gets Anthropic's shapes (errors included, by the routes' declaration). */
const anthropic = (req: FastifyRequest) => req.headers['anthropic-version'] !== undefined;

/** The models API of both SDKs (scope models:read): OpenAI's `models.list/retrieve` and Anthropic's. */
@Controller()
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @PublicRoute(V1_ROUTES.listModels)
  list(@Req() req: KeyedRequest, @Query() query: AnthropicPageQuery): { object: 'list'; data: OpenAiModel[] } | AnthropicModelPage {
    return anthropic(req) ? this.models.anthropicList(req.user, query) : this.models.openAiList(req.user);
  }

  @PublicRoute(V1_ROUTES.retrieveModel)
  retrieve(@Req() req: KeyedRequest, @Param('model') model: string): OpenAiModel | AnthropicModel {
    return anthropic(req) ? this.models.anthropicModel(req.user, model) : this.models.openAiModel(req.user, model);
  }
}
