import { Injectable } from '@nestjs/common';
import type { Principal } from '@tollgate/contracts';
import { CatalogService } from '../catalog/catalog.service';
import { GatewayErrors } from '../errors/gateway.error';
import {
  AnthropicModel,
  AnthropicModelPage,
  anthropicModel,
  anthropicModelPage,
  AnthropicPageQuery,
  ModelEntry,
  OpenAiModel,
  openAiModel,
} from '../translate/models';
import { reachableModels } from '../routing/access';

/** GET /v1/models and /v1/models/{id}: the models a key may use, in OpenAI's or Anthropic's shape. */
@Injectable()
export class ModelsService {
  constructor(private readonly catalog: CatalogService) {}

  openAiList(principal: Principal): { object: 'list'; data: OpenAiModel[] } {
    return { object: 'list', data: this.entries(principal).map(openAiModel) };
  }

  anthropicList(principal: Principal, query: AnthropicPageQuery): AnthropicModelPage {
    return anthropicModelPage(this.entries(principal), query);
  }

  openAiModel(principal: Principal, id: string): OpenAiModel {
    return openAiModel(this.entry(principal, id));
  }

  anthropicModel(principal: Principal, id: string): AnthropicModel {
    return anthropicModel(this.entry(principal, id));
  }

  private entries(principal: Principal): ModelEntry[] {
    return reachableModels(principal, this.catalog).sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  }

  /** One model the key may use; any other is not found (whether the tenant has it or not). */
  private entry(principal: Principal, id: string): ModelEntry {
    const found = reachableModels(principal, this.catalog).find((r) => r.model === id);
    if (!found) throw GatewayErrors.modelNotFound(id);
    return found;
  }
}
