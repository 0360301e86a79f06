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
