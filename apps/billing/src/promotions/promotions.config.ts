import { z } from 'zod';

/** Billing settings of promotional credit expiry (spread into BillingEnv). */
export const PromotionsEnvShape = {
  /** How often each billing replica looks for expired promotional grants (passes on several replicas are safe). */
  PROMO_EXPIRY_SWEEP_MS: z.coerce.number().int().min(100).default(60_000),
  /**
   * How long after a grant's expiry its unused part is computed: calls made before the expiry but
   * booked later (a long stream, a billing backlog) are attributed first. Default 15 minutes.
   */
  PROMO_EXPIRY_GRACE_MS: z.coerce.number().int().min(0).default(900_000),
};
