import { z } from 'zod';
import { StoredText } from './text';
import { TenantId } from './tenant-id';

/** One finished call. billing.usage.recorded.v1 carries one, with msgID = requestId; billing.usage.batch.v1 carries several. */
export const UsageRecorded = z.object({
  requestId: z.string().min(1),
  occurredAt: z.string().datetime(),
  tenantId: TenantId,
  keyId: z.string().uuid(),
  // Text billing keeps as sent; one the database cannot hold (NUL, an unpaired surrogate) is repaired, not parked.
  keyLabel: StoredText.nullable(),
  model: StoredText,
  provider: StoredText.nullable(),
  upstreamModel: StoredText.nullable(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  cachedTokens: z.number().int().nonnegative(),
  /** True when the upstream reported no usage and the figures were counted by the gateway. */
  estimated: z.boolean(),
  stream: z.boolean(),
  status: z.number().int(),
  latencyMs: z.number().int().nonnegative(),
  ttftMs: z.number().int().nonnegative().nullable(),
  /** What the gateway settled the credit hold to (its price snapshot); billing recomputes from the ledger's prices. */
  costMicros: z.number().int().nonnegative(),
  /** The credit hold the call was admitted on (absent from events of older gateways): a cost above it is an overage. */
  holdMicros: z.number().int().nonnegative().optional(),
});
/** As a sender builds it (a tenant id is a plain string; parsed, it is a TenantId). */
export type UsageRecorded = z.input<typeof UsageRecorded>;

/** Most events in one billing.usage.batch.v1 message (about 600 bytes each, well under NATS's 1 MB). */
export const USAGE_BATCH_MAX = 500;

/**
 * billing.usage.batch.v1: the calls a gateway finished within a couple of milliseconds, in one
 * JetStream message (msgID = `batch:<first requestId>:<count>`, the same on every retry). Each
 * event is still booked exactly once by its request id.
 */
export const UsageBatch = z.object({
  // Each event is checked on its own (UsageRecorded), so one bad event is parked, not the batch.
  events: z.array(z.unknown()).min(1).max(USAGE_BATCH_MAX),
});
export type UsageBatch = { events: UsageRecorded[] };

export function usageBatchId(events: readonly Pick<UsageRecorded, 'requestId'>[]): string {
  return `batch:${events[0].requestId}:${events.length}`;
}
