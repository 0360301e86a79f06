// Hand-written from docs/me-api.md. Everything is snake_case; times are ISO 8601 strings or null;
// money is integer micro-units (1 USD = 1,000,000).

export type Role = 'owner' | 'developer' | 'billing' | 'viewer';
export const ROLES: readonly Role[] = ['owner', 'developer', 'billing', 'viewer'];

export type Scope =
  'chat:write' | 'embeddings:write' | 'models:read' | 'keys:read' | 'keys:manage' | 'usage:read' | 'billing:read' | 'billing:write' | 'team:manage';

/** Scopes a key can be given (team:manage never goes on a key). */
export const KEY_SCOPES: readonly Scope[] = [
  'chat:write',
  'embeddings:write',
  'models:read',
  'keys:read',
  'keys:manage',
  'usage:read',
  'billing:read',
  'billing:write',
];

export interface ApiErrorBody {
  error: { message: string; type?: string; param?: string | null; code?: string | null };
}

export interface List<T> {
  object: 'list';
  data: T[];
}

export interface CursorList<T> extends List<T> {
  next_cursor: string | null;
}

// Session

export interface User {
  id: string;
  tenant_id: string;
  email: string;
  role: Role;
}

export interface SessionInfo {
  user: User;
  scopes: string[];
}

export interface SignInResponse extends SessionInfo {
  expires_at: string;
}

export interface SignInRequest {
  email: string;
  password: string;
}

export interface AcceptInviteRequest {
  token: string;
  password: string;
}

export interface AcceptInviteResponse {
  user: User;
}

// Keys

export type KeyStatus = 'active' | 'revoked' | 'expired';

export interface RateLimits {
  rpm: number | null;
  tpm: number | null;
}

export interface Key {
  id: string;
  tenant_id: string;
  label: string;
  prefix: string;
  last4: string;
  masked: string;
  scopes: string[];
  /** Empty = every model. */
  models: string[];
  /** Provider allow-list (catalog provider names); empty = any (the tenant's policy still applies). */
  providers: string[];
  status: KeyStatus;
  rate_limits: RateLimits | null;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
  rotated_from_id: string | null;
}

/** A key with its secret: only in the answer to create and rotate. */
export interface KeyWithSecret extends Key {
  key: string;
}

export interface CreateKeyRequest {
  label: string;
  scopes?: string[];
  models?: string[];
  /** Omitted or empty: the caller's own provider policy. */
  providers?: string[];
  expires_at?: string | null;
  rate_limits?: { rpm?: number; tpm?: number };
}

export interface RenameKeyRequest {
  label: string;
}

export interface RotateKeyRequest {
  grace_period_seconds?: number;
}

// Models

export interface Model {
  id: string;
  object: 'model';
  owned_by: string;
}

// Usage

export type UsageGroupBy = 'day' | 'model' | 'key';

export interface UsageTotals {
  requests: number;
  prompt_tokens: number;
  cached_tokens: number;
  completion_tokens: number;
  cost_micros: number;
}

export interface UsageRow extends UsageTotals {
  day?: string;
  model?: string;
  key_id?: string;
  key_label?: string | null;
}

export interface UsageResponse extends List<UsageRow> {
  group_by: UsageGroupBy;
  from: string;
  to: string;
  total: UsageTotals;
  /** The IANA zone whose calendar the days (range and rows) follow: the tenant's reporting time zone, UTC by default. */
  time_zone?: string;
}

// Request logs

export interface RequestLog {
  at: string;
  request_id: string;
  key_id: string | null;
  key_label: string | null;
  model: string;
  provider: string | null;
  upstream_model: string | null;
  status: number | string;
  latency_ms: number | null;
  ttft_ms: number | null;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cost_micros: number;
  estimated: boolean;
  stream: boolean;
}

export type RequestLogList = CursorList<RequestLog>;

// Billing

export interface Balance {
  tenant_id: string;
  currency: string;
  balance_micros: number;
}

export interface StatementLine {
  at: string;
  kind: string;
  amount_micros: number;
  reference: string | null;
}

export interface StatementUsage {
  day: string;
  model: string;
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cost_micros: number;
}

export interface Statement {
  tenant_id: string;
  month: string;
  currency: string;
  opening_balance_micros: number;
  credits_micros: number;
  debits_micros: number;
  closing_balance_micros: number;
  credits: StatementLine[];
  debits: StatementLine[];
  usage: StatementUsage[];
}

export interface Invoice {
  id: string;
  number: string;
  kind: 'top_up' | 'monthly_statement' | 'credit_note';
  issued_at: string;
  total_micros: number;
  currency: string;
  period: string | null;
}

// Audit log

export interface AuditActor {
  type: 'user' | 'key' | 'admin';
  id: string | null;
  name: string | null;
}

export interface AuditTarget {
  type: 'key' | 'user' | string;
  id: string | null;
  name: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  actor: AuditActor;
  target: AuditTarget | null;
}

// Team

export interface Member {
  id: string;
  email: string;
  role: Role;
  status: 'active' | 'invited';
  created_at: string;
}

export interface InviteRequest {
  email: string;
  role: Role;
}

export interface InviteResponse {
  user: Member;
  invite_url: string;
}

export interface ResetResponse {
  invite_url: string;
}

// Settings

export interface UserSession {
  id: string;
  created_at: string;
  last_seen_at: string | null;
  expires_at: string;
  current: boolean;
}

export interface ChangePasswordRequest {
  current_password: string;
  new_password: string;
}

/** GET/PUT /me/billing/profile: printed on statements and invoices; null = not set. */
export interface BillingProfile {
  legal_name: string | null;
  address: string | null;
  tax_id: string | null;
  email: string | null;
  updated_at: string | null;
}
