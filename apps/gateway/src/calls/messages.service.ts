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
import { MAX_OUTPUT_TOKENS } from './chat.request';

const MessagesRequest = z
  .object({
    model: ModelName,
    max_tokens: z.number({ error: 'max_tokens: Field required' }).int().positive().max(MAX_OUTPUT_TOKENS, `max_tokens: must be at most ${MAX_OUTPUT_TOKENS}`),
    messages: z.array(z.object({ role: z.enum(['user', 'assistant']) }).passthrough(), { error: 'messages: Field required' }),
    stream: z.boolean().optional(),
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

/** Anthropic's shape for a bad field: `<path>: <what is wrong>` (the path once, where the message did not name it). */
function invalidField(issue: z.core.$ZodIssue): GatewayError {
  const param = issue.path.length ? issue.path.join('.') : null;
  const message = param && !issue.message.startsWith(`${param}:`) ? `${param}: ${issue.message}` : issue.message;
  return GatewayErrors.invalidRequest(message, { param });
}
