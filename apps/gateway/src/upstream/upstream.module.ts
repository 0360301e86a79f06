import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import type { Overrides } from '../infra/overrides';
import { AnthropicAdapter } from './anthropic.adapter';
import { OpenAiAdapter } from './openai.adapter';
import { ProviderRegistry } from './provider-registry';
import { UpstreamClient } from './upstream-client';

/** Talking to providers: the pooled upstream client and one adapter per provider kind (ProviderRegistry picks it). */
@Module({})
export class UpstreamModule {
  static register(overrides: Overrides): DynamicModule {
    return overrides.module(UpstreamModule, () => ({
      providers: [UpstreamClient, OpenAiAdapter, AnthropicAdapter, ProviderRegistry],
      exports: [ProviderRegistry],
    }));
  }
}
