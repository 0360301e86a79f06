import { z } from 'zod';
import { InfraEnv, parseEnv, port, secret } from '@tollgate/config';
import { AlertsEnvShape } from './alerts/alerts.config';
import { PromotionsEnvShape } from './promotions/promotions.config';

/** Comma-separated secrets (several are valid at once while one is rotated). Never logged. */
const secretList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

export const BillingEnv = InfraEnv.extend({
  ADMIN_TOKEN: secret(),
  BILLING_HOST: z.string().default('127.0.0.1'),
  BILLING_PORT: port(8082),
  /**
   * Serve the payment webhooks on this port only (and no longer on BILLING_PORT), so providers reach
   * them through an ingress while the admin API stays internal. Unset: webhooks share BILLING_PORT.
   */
  BILLING_WEBHOOK_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  BILLING_WEBHOOK_HOST: z.string().default('127.0.0.1'),
  /** ISO 4217 code of the ledger's currency; every amount is in its micro-units (1 unit = 1_000_000). */
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like USD')
    .default('USD'),
  /** Alerts by signed webhook: WEBHOOK_SECRET_KEY, ALLOW_PRIVATE_WEBHOOKS, WEBHOOK_RETRY_SCHEDULE, ... (alerts/alerts.config.ts). */
  ...AlertsEnvShape,
  STRIPE_WEBHOOK_SECRETS: secretList,
  STANDARD_WEBHOOK_SECRETS: secretList,
  /** How far a webhook timestamp may be from now, either way. */
  WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /**
   * Largest payment (micro-units) a webhook credits without review; a larger one is recorded
   * `held_for_review` for an admin to approve. Default 100 000 units (100_000_000_000).
   */
  PAYMENT_MAX_MICROS: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(100_000_000_000),
  /** Promotional credit expiry: PROMO_EXPIRY_SWEEP_MS, PROMO_EXPIRY_GRACE_MS (promotions/promotions.config.ts). */
  ...PromotionsEnvShape,
  /** Period of the full Redis credit reconcile (every tenant account). */
  RECONCILE_MS: z.coerce.number().int().min(100).default(30_000),
  /**
   * How often billing looks for calls whose gateway died (holds past their expiry) and charges them,
   * and how old an unbooked cost must be before billing checks it against the ledger.
   */
  LOST_CALL_SWEEP_MS: z.coerce.number().int().min(50).default(5_000),
  UNBOOKED_CHECK_AFTER_MS: z.coerce.number().int().min(0).default(60_000),
  /** JetStream consumer's ack wait for a usage message (redelivered after it; booking is idempotent). */
  USAGE_ACK_WAIT_MS: z.coerce.number().int().min(1000).default(30_000),
  /**
   * Request logs (usage records) older than this many days, by when the call happened, are deleted
   * every REQUEST_LOG_RETENTION_SWEEP_MS in small batches; 0 keeps them forever. The ledger is never
   * deleted: a statement of a purged month summarises its usage from the ledger's debits.
   */
  REQUEST_LOG_RETENTION_DAYS: z.coerce.number().int().min(0).max(100_000).default(400),
  REQUEST_LOG_RETENTION_SWEEP_MS: z.coerce.number().int().min(100).default(3_600_000),
  /**
   * Top-ups (`POST /me/billing/top-ups`): Stripe Checkout through `STRIPE_API_BASE` with this key.
   * Unset (or empty): customers are told to ask the operator; nothing else changes.
   */
  STRIPE_SECRET_KEY: z.preprocess((v) => (v === '' ? undefined : v), secret().optional()),
  STRIPE_API_BASE: z.string().url().default('https://api.stripe.com'),
  /** Where the console is served (the gateway's public address); Checkout returns the customer there. */
  PUBLIC_BASE_URL: z.string().url().default('http://127.0.0.1:8080'),
  /** Where Checkout sends the customer after paying / giving up; default `<PUBLIC_BASE_URL>/console/billing?top_up=success|cancel`. */
  TOP_UP_SUCCESS_URL: z.string().url().optional(),
  TOP_UP_CANCEL_URL: z.string().url().optional(),
  /** Bounds of one top-up, micro-units (default 5 and 10 000 units). */
  TOP_UP_MIN_MICROS: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(5_000_000),
  TOP_UP_MAX_MICROS: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(10_000_000_000),
  /** Older name of INVOICE_ISSUER_NAME, still read when that is unset. */
  INVOICE_ISSUER: z.string().trim().max(200).optional(),
  /** The operator as printed on statements and invoices (issuer block). Address: lines split at a newline or a literal `\n`. */
  INVOICE_ISSUER_NAME: z.string().trim().min(1).max(200).optional(),
  INVOICE_ISSUER_ADDRESS: z.string().max(600).default(''),
  INVOICE_ISSUER_TAX_ID: z.string().trim().max(64).default(''),
  INVOICE_ISSUER_EMAIL: z.string().trim().max(254).default(''),
  /** A PNG or JPEG (at most 1 MiB) read once at start and printed at the top of every document. */
  INVOICE_LOGO_PATH: z.string().trim().optional(),
  /** Tax included in ledger amounts, in basis points (2000 = 20 %); 0 prints no tax line. */
  INVOICE_TAX_RATE_BPS: z.coerce.number().int().min(0).max(10_000).default(0),
  INVOICE_TAX_LABEL: z.string().trim().min(1).max(40).default('Tax'),
  /** `1`: per-tenant series (a `tenant` label) on the booking and payment counters of /metrics. Off by default (one series per tenant). */
  METRICS_TENANT_LABEL: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
}).refine((c) => c.TOP_UP_MIN_MICROS <= c.TOP_UP_MAX_MICROS, { message: 'must not be above TOP_UP_MAX_MICROS', path: ['TOP_UP_MIN_MICROS'] });
export type BillingConfig = z.infer<typeof BillingEnv>;

export function loadBillingConfig(env: NodeJS.ProcessEnv = process.env): BillingConfig {
  return parseEnv(BillingEnv, env);
}

export const BILLING_CONFIG = Symbol('BILLING_CONFIG');
