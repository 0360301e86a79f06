import { Injectable } from '@nestjs/common';
import { asTenantId } from '@tollgate/contracts';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import type { CallContext } from '../http/call-context';
import { ChatService, NativeOutput } from '../calls/chat.service';
import type { Reply } from '../http/reply';
import { TranslateError } from '../translate/translate-error';
import { estimateTokens, promptChars, toolChars } from '../translate/token-usage';
import { frameOf, ResponseFrame } from './response-object';
import { toChatRequest } from './request-to-chat';
import { KeepResponse, responsesOutput } from './responses-output';
import { responsesPassthrough } from './responses-passthrough';
import { parseResponsesRequest } from './responses.request';
import { storedInputItems } from './stored-items';
import { StoredResponsesService } from './stored-responses.service';

/**
 * POST /v1/responses: the Responses API request, translated to chat completions and carried
 * through the chat pipeline (admission, credit hold, routing with fallback, metering; Anthropic
 * upstreams through the chat → Messages translation), answered as a Response or its typed events.
 * With `store` (the default) the finished Response is kept; `previous_response_id` continues a kept one.
 * A target whose provider speaks the Responses API (kind `openai-responses`) gets the request as is
 * (responses-passthrough.ts); a fallback to any other target is bridged.
 */
@Injectable()
export class ResponsesService {
  constructor(
    private readonly chat: ChatService,
    private readonly stored: StoredResponsesService,
  ) {}

  async create(ctx: CallContext, body: unknown, reply: Reply): Promise<void> {
    let chatBody: Record<string, unknown> = {};
    let frame: ResponseFrame = { id: '', createdAt: 0, echo: {} };
    let invalid: GatewayError | undefined;
    let keep: KeepResponse | undefined;
    let native: NativeOutput | undefined;
    try {
      const request = parseResponsesRequest(body);
      // The caller's own items first, so that a refusal names them by their own index.
      chatBody = toChatRequest(request);
      const tenantId = ctx.principal.tenantId;
      const previous = request.previous_response_id ? await this.stored.chain(asTenantId(tenantId), request.previous_response_id) : null;
      frame = frameOf(request, ctx.requestId);
      const input = storedInputItems(request.input, frame);
      // The chain's items before the new ones, translated before ChatService meters: the hold covers the whole chained input.
      if (previous) chatBody = toChatRequest({ ...request, input: [...previous.items, ...input] });
      if (request.store !== false) keep = (response) => this.stored.keep({ tenantId, previous, input, response });
      // A target that speaks the Responses API gets the request itself (the chain resolved here, as for the bridge).
      native = responsesPassthrough(request, previous?.items ?? null, frame, estimateTokens(promptChars(chatBody.messages) + toolChars(chatBody.tools)), keep);
    } catch (err) {
      // Answered after admission, as chat does: a revoked key or a missing scope is told so first.
      if (err instanceof TranslateError) invalid = GatewayErrors.invalidRequest(err.message, { param: err.param });
      else if (err instanceof GatewayError) invalid = err;
      else throw err;
    }
    // The prompt as ChatService measures it for the hold, so an estimated usage here is the one billed.
    const promptTokens = estimateTokens(promptChars(chatBody.messages) + toolChars(chatBody.tools));
    await this.chat.complete(ctx, chatBody, reply, { ...responsesOutput(frame, promptTokens, keep), native }, invalid);
  }
}
