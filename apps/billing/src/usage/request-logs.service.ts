import { Injectable } from '@nestjs/common';
import type { RequestLog, RequestLogsQuery, RequestLogsReply } from '@tollgate/contracts';
import { BillingError } from '../errors/billing.error';
import { toCsv } from '../money/csv';
import { formatMicros, toSafeNumber } from '../money/money';
import type { UsageRecord } from '../generated/prisma/client';
import { UsageRepository } from './usage.repository';

const CSV_HEADER = [
  'at', 'request_id', 'key_id', 'key_label', 'model', 'provider', 'upstream_model', 'status', 'latency_ms', 'ttft_ms',
  'prompt_tokens', 'completion_tokens', 'cached_tokens', 'cost_micros', 'cost', 'estimated', 'stream',
];

function toLog(r: UsageRecord): RequestLog {
  return {
    requestId: r.requestId,
    at: r.occurredAt.toISOString(),
    keyId: r.keyId,
    keyLabel: r.keyLabel,
    model: r.model,
    provider: r.provider,
    upstreamModel: r.upstreamModel,
    status: r.status,
    latencyMs: r.latencyMs,
    ttftMs: r.ttftMs,
    promptTokens: r.promptTokens,
    completionTokens: r.completionTokens,
    cachedTokens: r.cachedTokens,
    costMicros: toSafeNumber(r.costMicros),
    estimated: r.estimated,
    stream: r.stream,
  };
}

/** Request logs (every request, failed ones too), newest first, cursor-paged; CSV is the same page as text. */
@Injectable()
export class RequestLogsService {
  constructor(private readonly usage: UsageRepository) {}

  async list(q: RequestLogsQuery): Promise<RequestLogsReply> {
    if (q.cursor !== undefined && !/^\d{1,19}$/.test(q.cursor)) throw new BillingError('invalid_request', 'Invalid cursor.');
    const rows = await this.usage.logs(q.tenantId, q, q.cursor ? BigInt(q.cursor) : null);
    const page = rows.slice(0, q.limit);
    const nextCursor = rows.length > q.limit ? page[page.length - 1].seq.toString() : null;
    if (q.format === 'csv') {
      const lines = page.map((r) => [
        r.occurredAt.toISOString(), r.requestId, r.keyId, r.keyLabel, r.model, r.provider, r.upstreamModel, r.status, r.latencyMs, r.ttftMs,
        r.promptTokens, r.completionTokens, r.cachedTokens, r.costMicros, formatMicros(r.costMicros), r.estimated, r.stream,
      ]);
      return { format: 'csv', csv: toCsv(CSV_HEADER, lines) };
    }
    return { format: 'json', data: page.map(toLog), nextCursor };
  }
}
