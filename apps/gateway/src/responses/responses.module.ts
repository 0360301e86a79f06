import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { EdgeModule } from '../edge/edge.module';
import { HttpModule } from '../http/http.module';
import type { Overrides } from '../infra/overrides';
import { ResponsesRetentionService } from './responses-retention.service';
import { ResponsesController } from './responses.controller';
import { ResponsesRepository } from './responses.repository';
import { ResponsesService } from './responses.service';
import { StoredResponsesService } from './stored-responses.service';

/** OpenAI's Responses API on top of chat calls, with stored responses kept per tenant in the gateway's schema. */
@Module({})
export class ResponsesModule {
  static register(overrides: Overrides): DynamicModule {
    return overrides.module(ResponsesModule, () => ({
      imports: [HttpModule, EdgeModule, CallsModule].map((m) => m.register(overrides)),
      controllers: [ResponsesController],
      providers: [ResponsesService, ResponsesRepository, StoredResponsesService, ResponsesRetentionService],
    }));
  }
}
