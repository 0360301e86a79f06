import { z } from 'zod';

/** billing.usage.recorded.v1, published to JetStream with msgID = requestId. */
export const UsageRecorded = z.object({
  requestId: z.string().min(1),
  occurredAt: z.string().datetime(),
  tenantId: z.string().uuid(),
  keyId: z.string().uuid(),
  keyLabel: z.string().nullable(),
  model: z.string(),
  provider: z.string().nullable(),
  upstreamModel: z.string().nullable(),
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
});
export type UsageRecorded = z.infer<typeof UsageRecorded>;
