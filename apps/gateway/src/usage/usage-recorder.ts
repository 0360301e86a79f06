import { Injectable } from '@nestjs/common';
import type { RoutedCall } from '../proxy/call-context';
import type { TokenUsage } from './token-usage';
import { UsagePublisher } from './usage.publisher';

const NONE: TokenUsage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0, estimated: false };

/** Turns a finished call into its billing.usage.recorded.v1 event. */
@Injectable()
export class UsageRecorder {
  constructor(private readonly publisher: UsagePublisher) {}

  finish(call: RoutedCall, status: number, usage: TokenUsage | null, ttftMs: number | null = null): void {
    const u = usage ?? NONE;
    this.publisher.record({
      requestId: call.requestId,
      occurredAt: new Date(call.startedAt).toISOString(),
      tenantId: call.principal.tenantId,
      keyId: call.principal.keyId,
      model: call.model,
      provider: call.route.providerName,
      upstreamModel: call.route.upstreamModel,
      promptTokens: u.promptTokens,
      completionTokens: u.completionTokens,
      cachedTokens: u.cachedTokens,
      estimated: u.estimated,
      stream: call.stream,
      status,
      latencyMs: Date.now() - call.startedAt,
      ttftMs,
    });
  }
}
