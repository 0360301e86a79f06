// Shapes of the admin APIs' answers (auth, billing, gateway admin), as their OpenAPI documents
// at /api/docs-json describe them.

export interface AdminSession {
  actor: string;
  admin: { id: string; email: string } | null;
  expires_at: string | null;
}

export interface Tenant {
  id: string;
  name: string;
  rateLimits: { rpm: number | null; tpm: number | null };
  createdAt: string;
}

export interface AdminKey {
  id: string;
  tenantId: string;
  label: string;
  masked: string;
  scopes: string[];
  models: string[];
  status: 'active' | 'revoked' | 'expired' | string;
  lastUsedAt: string | null;
  createdAt: string;
}

export const ROLES = ['owner', 'developer', 'billing', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface PortalUser {
  id: string;
  tenantId: string;
  email: string;
  role: Role;
  hasPassword: boolean;
  createdAt: string;
}

export interface CreatedPortalUser {
  user: PortalUser;
  invite: { token: string; url: string; expiresAt: string } | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  keyId: string | null;
  details: unknown;
}

export interface Balance {
  tenantId: string;
  currency: string;
  balanceMicros: number;
}

export interface LedgerEntry {
  id: string;
  at: string;
  kind: string;
  amountMicros: number;
  requestId: string | null;
  reference: string | null;
  reason: string | null;
  actor: string;
}

export interface Provider {
  id: string;
  name: string;
  kind: string;
  baseUrl: string;
  hasApiKey: boolean;
  createdAt: string;
}

export interface Target {
  providerId: string;
  provider: string;
  upstreamModel: string;
  priority: number;
  weight: number;
  timeoutMs: number | null;
}

export interface Route {
  model: string;
  targets: Target[];
  createdAt: string;
}

export interface TargetHealth {
  target: string;
  state: string;
  consecutiveFailures: number;
  recentCalls: number;
  recentErrorRate: number;
  lastError: string | null;
}

export interface Price {
  id: string;
  model: string;
  provider: string | null;
  upstreamModel: string | null;
  inputPerMillion: number;
  cachedInputPerMillion: number;
  outputPerMillion: number;
  maxOutputTokens: number;
  effectiveFrom: string;
}

export interface PaymentEvent {
  id: string;
  provider: string;
  eventId: string;
  type: string;
  paymentRef: string | null;
  outcome: string;
  tenantId: string | null;
  amountMicros: string | null;
  transactionId: string | null;
  receivedAt: string;
}

// Reseller controls (issue 14): budgets, refunds, promotions, tiers, cost prices, margins, alert webhooks.

export const BUDGET_PERIODS = ['day', 'week', 'month', 'lifetime'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export interface Budget {
  micros: number;
  period: BudgetPeriod;
  alertPercent: number | null;
}

export interface EffectiveBudget {
  scope: 'key' | 'tenant';
  micros: number;
  period: BudgetPeriod;
  spentMicros: number;
  remainingMicros: number;
  resetsAt: string | null;
}

/** GET /admin/tenants/{id} with the settings PATCH /admin/tenants/{id} changes. */
export interface TenantSettings extends Tenant {
  budget: Budget | null;
  reportingTimeZone: string;
}

export interface KeyWithBudget extends AdminKey {
  budget: Budget | null;
  effectiveBudget?: EffectiveBudget | null;
}

export interface Refund {
  id: string;
  basis: 'requests' | 'amount';
  amountMicros: number;
  currency: string;
  reason: string;
  creditNote: { id: string; number: string } | null;
  requestIds: string[];
  period: string | null;
  timeZone: string | null;
  createdAt: string;
  replayed: boolean;
}

export interface PromoGrant {
  id: string;
  amountMicros: number;
  grantedAt: string;
  expiresAt: string;
  reason: string;
  actor: string;
  expiredMicros: number | null;
  expiredAt: string | null;
}

export interface Tier {
  id: string;
  name: string;
  description: string | null;
  markupBp: number | null;
  createdBy: string;
  createdAt: string;
}

export interface TierPrice extends Price {
  tierId: string;
}

export interface TierDetail extends Tier {
  prices: TierPrice[];
}

export interface TierAssignment {
  id: string;
  tenantId: string;
  tierId: string | null;
  effectiveFrom: string;
  createdBy: string;
  createdAt: string;
}

export interface TenantTier {
  tenantId: string;
  current: TierAssignment | null;
  history: TierAssignment[];
}

export const COST_PRICE_STATUSES = ['proposed', 'accepted', 'rejected'] as const;
export type CostPriceStatus = (typeof COST_PRICE_STATUSES)[number];

export interface CostPrice extends Price {
  status: CostPriceStatus;
  source: string | null;
  createdBy: string;
  createdAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

export interface MarginLine {
  tenantId: string;
  model: string;
  calls: number;
  totalTokens: number;
  revenueMicros: number;
  costMicros: number;
  marginMicros: number;
  marginPercent: string | null;
  uncostedCalls: number;
}

export interface MarginReport {
  month: string;
  from: string;
  to: string;
  lines: MarginLine[];
  totals: Omit<MarginLine, 'tenantId' | 'model'>;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  createdAt: string;
  secretRotatedAt: string | null;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}
