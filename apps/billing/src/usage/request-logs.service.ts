import { Injectable } from '@nestjs/common';
import { PG_BIGINT_MAX, type RequestLog, type RequestLogsQuery, type RequestLogsReply } from '@tollgate/contracts';
import { BillingError } from '../errors/billing.error';
import { csvLine } from '../money/csv';
import { formatMicros, toSafeNumber } from '../money/money';
import { clip, clipOrNull } from '../money/text';
import type { UsageRecord } from '../generated/prisma/client';
import { UsageRepository } from './usage.repository';

/**
 * The most bytes of rows in one page, JSON or CSV: well under NATS's default max payload (1 MiB),
 * so a reply always fits. A page is cut here even before `limit` rows, and still has a next cursor.
 */
export const PAGE_MAX_BYTES = 512 * 1024;

const CSV_HEADER = [
  'at',
  'request_id',
  'key_id',
  'key_label',
  'model',
  'provider',
  'upstream_model',
  'status',
  'latency_ms',
  'ttft_ms',
  'prompt_tokens',
  'completion_tokens',
  'cached_tokens',
  'cost_micros',
  'cost',
  'estimated',
  'stream',
];

/** A record as a request log, its free-text fields clipped (rows written before the gateway bounded them can be huge). */
function toLog(r: UsageRecord): RequestLog {
  return {
    requestId: clip(r.requestId),
    at: r.occurredAt.toISOString(),
    keyId: r.keyId,
    keyLabel: clipOrNull(r.keyLabel),
    model: clip(r.model),
    provider: clipOrNull(r.provider),
    upstreamModel: clipOrNull(r.upstreamModel),
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

function csvRow(r: UsageRecord): (string | number | boolean | bigint | null)[] {
  const l = toLog(r);
  return [
    l.at,
    l.requestId,
    l.keyId,
    l.keyLabel,
    l.model,
    l.provider,
    l.upstreamModel,
    l.status,
    l.latencyMs,
    l.ttftMs,
    l.promptTokens,
    l.completionTokens,
    l.cachedTokens,
    r.costMicros,
    formatMicros(r.costMicros),
    l.estimated,
    l.stream,
  ];
}

/** The leading items whose encodings fit `budget` bytes together (at least one: a clipped row is small). */
function within<T, E>(items: T[], encode: (item: T) => E, size: (e: E) => number, budget: number): E[] {
  const out: E[] = [];
  let used = 0;
  for (const item of items) {
    const e = encode(item);
    used += size(e) + 1;
    if (out.length > 0 && used > budget) break;
    out.push(e);
  }
  return out;
}

const jsonBytes = (log: RequestLog) => Buffer.byteLength(JSON.stringify(log));

/** Request logs (every request, failed ones too), newest first, cursor-paged by rows and bytes; CSV is the same page as text. */
@Injectable()
export class RequestLogsService {
  constructor(private readonly usage: UsageRepository) {}

  async list(q: RequestLogsQuery, maxBytes = PAGE_MAX_BYTES): Promise<RequestLogsReply> {
    if (q.cursor !== undefined && !(/^\d{1,19}$/.test(q.cursor) && BigInt(q.cursor) <= PG_BIGINT_MAX))
      throw new BillingError('invalid_request', 'Invalid cursor.');
    const rows = await this.usage.logs(q.tenantId, q, q.cursor ? BigInt(q.cursor) : null);
    const wanted = rows.slice(0, q.limit);
    const cursorAfter = (n: number) => (rows.length > n ? rows[n - 1].seq.toString() : null);
    if (q.format === 'csv') {
      const lines = within(
        wanted,
        (r) => csvLine(csvRow(r)),
        (l) => Buffer.byteLength(l),
        maxBytes,
      );
      return { format: 'csv', csv: [csvLine(CSV_HEADER), ...lines].join('\r\n') + '\r\n', nextCursor: cursorAfter(lines.length) };
    }
    const data = within(wanted, toLog, jsonBytes, maxBytes);
    return { format: 'json', data, nextCursor: cursorAfter(data.length) };
  }
}
