import { Injectable } from '@nestjs/common';
import type { ResolvedTarget } from '../catalog/catalog.service';
import { GatewayErrors } from '../errors/gateway.error';
import { AnthropicAdapter } from './anthropic.adapter';
import { OpenAiAdapter } from './openai.adapter';
import type { ProviderAdapter } from './provider-adapter';

/** The adapter for a target's provider kind. */
@Injectable()
export class ProviderRegistry {
  private readonly byKind: Record<string, ProviderAdapter>;

  constructor(openai: OpenAiAdapter, anthropic: AnthropicAdapter) {
    this.byKind = { openai, 'openai-responses': openai, anthropic };
  }

  for(target: ResolvedTarget): ProviderAdapter {
    const adapter = this.byKind[target.providerKind];
    if (!adapter) throw GatewayErrors.upstreamError(`No adapter for provider kind '${target.providerKind}'.`, { retryable: true });
    return adapter;
  }
}

/** A target whose provider speaks OpenAI's Responses API (`POST {baseUrl}/responses`): POST /v1/responses reaches it as is. */
export function speaksResponses(target: ResolvedTarget): boolean {
  return target.providerKind === 'openai-responses';
}
