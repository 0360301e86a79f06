import { Injectable } from '@nestjs/common';
import type { Principal } from '@tollgate/contracts';
import { z } from 'zod';
import { CatalogService } from '../catalog/catalog.service';
import { GatewayErrors } from '../errors/gateway.error';
import { toOpenAiRequest } from '../translate/anthropic-to-openai';
import type { AnthropicRequest } from '../translate/anthropic-types';
import { TranslateError } from '../translate/translate-error';
import { estimateTokens, promptChars, toolChars } from '../translate/token-usage';
import { resolveModel } from '../routing/access';
import { ModelName } from '../catalog/model-names';
import { AnthropicMessages, invalidField } from './anthropic-fields';

const CountTokensRequest = z
  .object({
    model: ModelName,
    messages: AnthropicMessages,
  })
  .passthrough();

/**
 * POST /v1/messages/count_tokens (Anthropic's `messages.countTokens`): the gateway's own estimate
 * of a Messages request's input tokens, the one it holds credit against (about four characters a
 * token over system, messages and tool definitions; images at their largest). Nothing is sent
 * upstream and nothing is metered; upstream tokenizers will count differently.
 */
@Injectable()
export class CountTokensService {
  constructor(private readonly catalog: CatalogService) {}

  count(principal: Principal, body: unknown): { input_tokens: number } {
    const parsed = CountTokensRequest.safeParse(body);
    if (!parsed.success) throw invalidField(parsed.error.issues[0]);
    resolveModel(principal, this.catalog, parsed.data.model);
    try {
      const request = toOpenAiRequest(parsed.data as unknown as AnthropicRequest, parsed.data.model);
      return { input_tokens: estimateTokens(promptChars(request.messages) + toolChars(request.tools)) };
    } catch (err) {
      if (err instanceof TranslateError) throw GatewayErrors.invalidRequest(err.message, { param: err.param });
      throw err;
    }
  }
}
