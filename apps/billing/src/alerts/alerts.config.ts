import { z } from 'zod';
import { secret } from '@tollgate/config';
import { parseSchedule } from './backoff';

/** Alerts-by-webhook settings, part of BillingEnv. */
export const AlertsEnvShape = {
  /**
   * Key that seals webhook signing secrets at rest (AES-256-GCM). Unset: endpoints cannot be
   * created or rotated (503); alerts are still recorded. Changing it makes stored secrets unusable.
   */
  WEBHOOK_SECRET_KEY: z.preprocess((v) => (v === '' ? undefined : v), secret().optional()),
  /** `true`: endpoints may be http:// and on private or loopback addresses (a lab, the tests). Never link-local or metadata. */
  ALLOW_PRIVATE_WEBHOOKS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Waits between attempts (`5s,5m,30m,2h,5h,10h,14h`; units ms, s, m, h); after the last one, or past the window, a delivery fails. */
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default('5s,5m,30m,2h,5h,10h,14h')
    .transform((v, ctx) => {
      try {
        return parseSchedule(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  /** No attempt later than this after the alert (default 24 h). */
  WEBHOOK_RETRY_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(24 * 60 * 60 * 1000),
  /** How often each billing replica looks for due deliveries. */
  WEBHOOK_POLL_MS: z.coerce.number().int().min(20).default(1000),
  /** Timeout of one delivery attempt (connect, headers and body). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /**
   * Finished deliveries (delivered or failed) created more than this many days ago are deleted every
   * ALERT_RETENTION_SWEEP_MS in batches; pending ones never are. 0 keeps them forever.
   */
  WEBHOOK_DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(0).max(100_000).default(30),
  /**
   * Alert events recorded more than this many days ago that no delivery references any more are
   * deleted with them; 0 keeps them forever. An alert event is also the record that its dedupe key
   * was delivered, so it must outlive a replay of the alerts stream (kept 7 days): 0 or at least 8.
   */
  ALERT_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(0)
    .max(100_000)
    .refine((d) => d === 0 || d >= 8, 'must be 0 (forever) or at least 8 days (the alerts stream keeps 7)')
    .default(90),
  ALERT_RETENTION_SWEEP_MS: z.coerce.number().int().min(100).default(3_600_000),
};
