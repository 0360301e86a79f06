import { Injectable } from '@nestjs/common';
import type { Reply } from '../http/reply';
import { z } from 'zod';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import { toOpenAiRequest } from '../translate/anthropic-to-openai';
import type { AnthropicRequest } from '../translate/anthropic-types';
import { TranslateError } from '../translate/translate-error';
import { estimateTokens, promptChars } from '../translate/token-usage';
import { anthropicOutput } from './anthropic-output';
import type { CallContext } from '../http/call-context';
import { ChatService } from './chat.service';
import { ModelName } from '../catalog/model-names';
import { AnthropicMaxTokens, AnthropicMessages, AnthropicSampling, invalidField } from './anthropic-fields';

const MessagesRequest = z
  .object({
    model: ModelName,
    max_tokens: AnthropicMaxTokens,
    messages: AnthropicMessages,
    stream: z.boolean().optional(),
    ...AnthropicSampling,
  })
  .passthrough();

/**
 * POST /v1/messages: an Anthropic Messages request, carried through the same pipeline as
 * chat completions in OpenAI's format, answered in Anthropic's format (plain or SSE).
 */
@Injectable()
export class MessagesService {
  constructor(private readonly chat: ChatService) {}

  async create(ctx: CallContext, body: unknown, reply: Reply): Promise<void> {
    let openAiBody: unknown = body;
    let invalid: GatewayError | undefined;
    let model = '';
    let prompt = 0;
    const parsed = MessagesRequest.safeParse(body);
    if (parsed.success) {
      model = parsed.data.model;
      try {
        openAiBody = toOpenAiRequest(parsed.data as unknown as AnthropicRequest, model, { maxTokensField: 'max_tokens' });
        prompt = estimateTokens(promptChars((openAiBody as { messages?: unknown }).messages));
      } catch (err) {
        if (!(err instanceof TranslateError)) throw err;
        invalid = GatewayErrors.invalidRequest(err.message, { param: err.param });
      }
    } else {
      invalid = invalidField(parsed.error.issues[0]);
    }
    await this.chat.complete(ctx, openAiBody, reply, anthropicOutput(model, prompt), invalid);
  }
}
