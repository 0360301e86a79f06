import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { EdgeModule } from '../edge/edge.module';
import { HttpModule } from '../http/http.module';
import type { Overrides } from '../infra/overrides';
import { MeteringModule } from '../metering/metering.module';
import { RoutingModule } from '../routing/routing.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { ChatService } from './chat.service';
import { CountTokensService } from './count-tokens.service';
import { EmbeddingsService } from './embeddings.service';
import { MessagesService } from './messages.service';
import { ModelsController } from './models.controller';
import { ModelsService } from './models.service';
import { V1Controller } from './v1.controller';

/**
 * The /v1 calls: chat and messages (on HotServer, registered by hot-routes.ts), embeddings,
 * count_tokens and models (Nest controllers). A metered call: admit with its hold (edge/),
 * route (routing/), call the provider (upstream/), settle and publish (metering/).
 */
@Module({})
export class CallsModule {
  static register(overrides: Overrides): DynamicModule {
    return overrides.module(CallsModule, () => ({
      imports: [HttpModule, EdgeModule, CatalogModule, RoutingModule, UpstreamModule, MeteringModule].map((m) => m.register(overrides)),
      controllers: [V1Controller, ModelsController],
      providers: [ChatService, MessagesService, EmbeddingsService, CountTokensService, ModelsService],
      exports: [ChatService, MessagesService],
    }));
  }
}
