import { z } from 'zod';
import { TenantId } from './tenant-id';

/** Bounds of a customer's billing details (what fits an invoice's customer block). */
export const BILLING_PROFILE_LIMITS = { legalName: 200, address: 600, addressLines: 8, taxId: 64, email: 254 } as const;

const L = BILLING_PROFILE_LIMITS;
/** Trimmed; an empty string (a cleared form field) is stored as null. */
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => (v == null || v.trim() === '' ? null : v.trim()));
const address = optionalText(L.address).refine((v) => v === null || v.split(/\r?\n/).length <= L.addressLines, `at most ${L.addressLines} lines`);
const email = optionalText(L.email).refine((v) => v === null || z.string().email().safeParse(v).success, 'must be an email address');

/**
 * PUT /me/billing/profile body: the whole profile (a missing field is cleared), snake_case, strict.
 * Addresses are multi-line (`\n` between lines).
 */
export const MeBillingProfileBody = z.object({ legal_name: optionalText(L.legalName), address, tax_id: optionalText(L.taxId), email }).strict();
export type MeBillingProfileBody = z.infer<typeof MeBillingProfileBody>;

/** A tenant's billing details as billing stores them (camelCase on NATS like billing's other replies). */
export const BillingProfile = z.object({
  tenantId: TenantId,
  legalName: z.string().max(L.legalName).nullable(),
  address: z.string().max(L.address).nullable(),
  taxId: z.string().max(L.taxId).nullable(),
  email: z.string().max(L.email).nullable(),
  /** Null until the customer first saves their details. */
  updatedAt: z.string().datetime().nullable(),
});
export type BillingProfile = z.infer<typeof BillingProfile>;

/** billing.profile.get.v1 */
export const BillingProfileGetRequest = z.object({ tenantId: TenantId });
/** billing.profile.put.v1: replaces the tenant's details; `actor` is recorded as who changed them. */
export const BillingProfilePutRequest = z.object({
  tenantId: TenantId,
  actor: z.string().max(300),
  legalName: z.string().max(L.legalName).nullable(),
  address: z.string().max(L.address).nullable(),
  taxId: z.string().max(L.taxId).nullable(),
  email: z.string().max(L.email).nullable(),
});
export type BillingProfilePutRequest = z.infer<typeof BillingProfilePutRequest>;
