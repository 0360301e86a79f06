import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service';
import { reachableModels } from '../routing/access';
import { openAiModel, OpenAiModel } from '../translate/models';
import { MeAuthGuard, MeScope } from './me-auth.guard';
import type { MeRequest } from './me-caller';

/** GET /me/models: the models registered for the caller's tenant (a key sees those its model allow-list and provider policy permit). */
@UseGuards(MeAuthGuard)
@Controller('me/models')
export class MeModelsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @MeScope('models:read')
  list(@Req() req: MeRequest): { object: 'list'; data: OpenAiModel[] } {
    const routes = req.caller.kind === 'key' ? reachableModels(req.caller.principal, this.catalog) : this.catalog.modelsOf(req.caller.tenantId);
    return { object: 'list', data: routes.sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0)).map(openAiModel) };
  }
}
