import { MeBillingProfileBody } from '@tollgate/contracts';
import { CreateKeyBody, RotateKeyBody, UpdateKeyBody } from '../me/me-keys.mapper';
import { PublicModelHealthList } from '../me/me-health.mapper';
import { AcceptBody } from '../me/me-invites.controller';
import { SignInBody } from '../me/me-session.controller';
import { TopUpBody } from '../me/me-top-ups.mapper';
import { PasswordBody } from '../me/me-settings.mapper';
import { InviteBody, RoleBody } from '../me/me-team.mapper';
import * as S from './me-schemas';
import { meWebhookPaths } from './me-webhooks-paths';
import { body, json, noContent, Operation, Paths, pathParam, query, ref, Security } from './openapi-types';

const KEY_OR_SESSION: Security = [{ bearer_key: [] }, { x_api_key: [] }, { session_cookie: [] }];
const WRITE: Security = [{ bearer_key: [] }, { x_api_key: [] }, { session_cookie: [], csrf_header: [] }];
const SESSION_ONLY: Security = [{ session_cookie: [] }];
const SESSION_WRITE: Security = [{ session_cookie: [], csrf_header: [] }];

const errors = (...codes: string[]) => Object.fromEntries(codes.map((c) => [c, ref(`error_${c}`)]));
const COMMON = errors('401', '403', '503');

function op(summary: string, scope: string | null, rest: Omit<Operation, 'summary' | 'tags'> & { tag: string }): Operation {
  const { tag, ...o } = rest;
  return {
    summary,
    tags: [tag],
    security: KEY_OR_SESSION,
    ...o,
    description: [scope ? `Scope \`${scope}\`.` : null, o.description].filter(Boolean).join(' '),
    responses: { ...COMMON, ...o.responses },
  };
}

const csv = { description: 'CSV download (`?format=csv` or `Accept: text/csv`)', content: { 'text/csv': { schema: { type: 'string' } } } };
const pdf = { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } };
const format = (values: string[]) => query('format', 'Answer format; `Accept: text/csv` works too.', { type: 'string', enum: values });
const KEY_ID = pathParam('keyId', 'The key id.');
const USER_ID = pathParam('userId', 'The portal user id.');

/** Every /me route of docs/me-api.md. */
export const ME_PATHS: Paths = {
  ...meWebhookPaths(op, errors, WRITE),
  '/me/session': {
    post: op('Sign in (sets the session cookie)', null, {
      tag: 'session',
      security: [],
      requestBody: body(SignInBody, { email: 'ada@example.com', password: '…' }),
      responses: { '201': json(S.SignedIn, undefined, 'Signed in; `Set-Cookie: tollgate_session=…; HttpOnly; SameSite=Lax`'), ...errors('400', '429') },
    }),
    get: op('Who is signed in', null, { tag: 'session', security: SESSION_ONLY, responses: { '200': json(S.SessionInfo) } }),
    delete: op('Sign out (clears the cookie)', null, { tag: 'session', security: SESSION_WRITE, responses: { '204': noContent } }),
  },
  '/me/invites/accept': {
    post: op('Accept an invite: set a password with its one-time token', null, {
      tag: 'session',
      security: [],
      requestBody: body(AcceptBody, { token: '…', password: 'a long passphrase' }),
      responses: { '200': json(S.Accepted), ...errors('400') },
    }),
  },
  '/me/keys': {
    get: op('List API keys', 'keys:read', { tag: 'keys', responses: { '200': json(S.KeyList) } }),
    post: op('Create an API key (the secret is shown once)', 'keys:manage', {
      tag: 'keys',
      security: WRITE,
      description: 'Never wider than the caller: scopes, models or providers outside its own are 403 `missing_scope`.',
      requestBody: body(CreateKeyBody, {
        label: 'ci',
        scopes: ['chat:write'],
        models: ['tollgate-fast'],
        expires_at: '2027-01-01T00:00:00Z',
        rate_limits: { rpm: 60 },
      }),
      responses: { '201': json(S.CreatedKey, undefined, 'Created'), ...errors('400') },
    }),
  },
  '/me/keys/{keyId}': {
    patch: op("Rename a key or set its budget (never above the organization's, nor above the caller's own)", 'keys:manage', {
      tag: 'keys',
      security: WRITE,
      parameters: [KEY_ID],
      requestBody: body(UpdateKeyBody, { budget_micros: 5_000_000, budget_period: 'day', budget_alert_percent: 80 }),
      responses: { '200': json(S.Key), ...errors('400', '403', '404') },
    }),
    delete: op('Delete a key', 'keys:manage', { tag: 'keys', security: WRITE, parameters: [KEY_ID], responses: { '204': noContent, ...errors('404') } }),
  },
  '/me/keys/{keyId}/rotate': {
    post: op('Rotate a key (the new secret is shown once)', 'keys:manage', {
      tag: 'keys',
      security: WRITE,
      parameters: [KEY_ID],
      requestBody: body(RotateKeyBody, { grace_period_seconds: 3600 }, false),
      responses: { '201': json(S.CreatedKey, undefined, 'The new key'), ...errors('400', '404') },
    }),
  },
  '/me/keys/{keyId}/revoke': {
    post: op('Revoke a key', 'keys:manage', { tag: 'keys', security: WRITE, parameters: [KEY_ID], responses: { '200': json(S.Key), ...errors('404') } }),
  },
  '/me/models': {
    get: op('Models the caller may use', 'models:read', { tag: 'models', responses: { '200': json(S.ModelList) } }),
  },
  '/me/models/health': {
    get: op('Success rate, latency and fallback per model', 'models:read', {
      tag: 'models',
      description:
        'From the usage records of every gateway instance. succeeded = 2xx; failed = 408, 429, 5xx; other 4xx only in `requests`. Percentiles of the successful calls.',
      responses: { '200': json(PublicModelHealthList) },
    }),
  },
  '/me/usage': {
    get: op('Usage totals by day, model or key', 'usage:read', {
      tag: 'usage',
      parameters: [
        query('from', "First day, YYYY-MM-DD, in the tenant's reporting time zone (default 29 days before `to`)."),
        query('to', "Last day, inclusive, in the tenant's reporting time zone (default today there)."),
        query('group_by', 'Grouping.', { type: 'string', enum: ['day', 'model', 'key'] }),
        format(['json', 'csv']),
      ],
      responses: { '200': { ...json(S.UsageSummary), content: { ...(json(S.UsageSummary).content as object), ...csv.content } }, ...errors('400') },
    }),
  },
  '/me/request-logs': {
    get: op('Request logs, newest first, cursor-paged', 'usage:read', {
      tag: 'usage',
      parameters: [
        query('from', 'ISO time or UTC date.'),
        query('to', 'ISO time (exclusive) or UTC date (that whole day).'),
        query('key_id', 'Only this key.'),
        query('model', 'Only this model.'),
        query('status', 'Only this HTTP status.', { type: 'integer' }),
        query('cursor', 'The previous page’s `next_cursor`.'),
        query('limit', 'Rows per page.', { type: 'integer', minimum: 1, maximum: 1000 }),
        format(['json', 'csv']),
      ],
      responses: { '200': { ...json(S.RequestLogPage), content: { ...(json(S.RequestLogPage).content as object), ...csv.content } }, ...errors('400') },
    }),
  },
  '/me/billing/balance': {
    get: op('Balance', 'billing:read', {
      tag: 'billing',
      responses: { '200': json(S.Balance, { tenant_id: '8f5e…', currency: 'usd', balance_micros: 12_500_000 }) },
    }),
  },
  '/me/billing/top-ups': {
    post: op('Start a top-up payment', 'billing:write', {
      tag: 'billing',
      security: WRITE,
      description: "Answers with the payment provider's page; its webhook credits the balance once paid. 501 where no provider is configured.",
      requestBody: body(TopUpBody, { amount_micros: 20_000_000 }),
      responses: { '201': json(S.TopUp, undefined, 'Created'), ...errors('400', '501', '502') },
    }),
  },
  '/me/billing/statement': {
    get: op('Monthly statement', 'billing:read', {
      tag: 'billing',
      parameters: [query('month', 'YYYY-MM (default this month).'), format(['json', 'csv', 'pdf'])],
      responses: { '200': { ...json(S.Statement), content: { ...(json(S.Statement).content as object), ...csv.content, ...pdf.content } }, ...errors('400') },
    }),
  },
  '/me/billing/profile': {
    get: op('Billing details printed on statements and invoices', 'billing:read', { tag: 'billing', responses: { '200': json(S.BillingProfile) } }),
    put: op('Replace the billing details (a field left out is cleared)', 'billing:write', {
      tag: 'billing',
      security: WRITE,
      requestBody: body(MeBillingProfileBody, {
        legal_name: 'Acme Corporation GmbH',
        address: 'Hauptstraße 2\n10115 Berlin\nGermany',
        tax_id: 'DE987654321',
        email: 'ap@acme.example',
      }),
      responses: { '200': json(S.BillingProfile), ...errors('400') },
    }),
  },
  '/me/billing/invoices': {
    get: op('Invoices', 'billing:read', { tag: 'billing', responses: { '200': json(S.InvoiceList) } }),
  },
  '/me/billing/invoices/{invoiceId}': {
    get: op('An invoice as PDF', 'billing:read', {
      tag: 'billing',
      parameters: [pathParam('invoiceId', 'The invoice id.')],
      responses: { '200': pdf, ...errors('404') },
    }),
  },
  '/me/billing/credit-notes': {
    get: op('Credit notes of refunds, newest first', 'billing:read', {
      tag: 'billing',
      description: 'Numbered CN-YYYY-NNNNNN in their own gapless series.',
      responses: { '200': json(S.CreditNoteList) },
    }),
  },
  '/me/billing/credit-notes/{creditNoteId}': {
    get: op('A credit note as PDF', 'billing:read', {
      tag: 'billing',
      parameters: [pathParam('creditNoteId', 'The credit note id.')],
      responses: { '200': pdf, ...errors('404') },
    }),
  },
  '/me/audit-log': {
    get: op('Audit log, newest first', 'keys:read', {
      tag: 'audit',
      parameters: [query('cursor', 'The previous page’s `next_cursor`.'), query('limit', '1–200, default 50.', { type: 'integer', minimum: 1, maximum: 200 })],
      responses: { '200': json(S.AuditPage), ...errors('400') },
    }),
  },
  '/me/users': {
    get: op('Team members', 'team:manage', { tag: 'team', security: SESSION_ONLY, responses: { '200': json(S.MemberList) } }),
    post: op('Invite a member (the link is shown once)', 'team:manage', {
      tag: 'team',
      security: SESSION_WRITE,
      requestBody: body(InviteBody, { email: 'grace@example.com', role: 'developer' }),
      responses: { '201': json(S.Invite, undefined, 'Invited'), ...errors('400', '409') },
    }),
  },
  '/me/users/{userId}': {
    patch: op('Change a member’s role', 'team:manage', {
      tag: 'team',
      security: SESSION_WRITE,
      parameters: [USER_ID],
      requestBody: body(RoleBody, { role: 'viewer' }),
      responses: { '200': json(S.Member), ...errors('400', '404', '409') },
    }),
    delete: op('Remove a member (their sessions end)', 'team:manage', {
      tag: 'team',
      security: SESSION_WRITE,
      parameters: [USER_ID],
      responses: { '204': noContent, ...errors('404', '409') },
    }),
  },
  '/me/users/{userId}/reset': {
    post: op('A new one-time password link for a member', 'team:manage', {
      tag: 'team',
      security: SESSION_WRITE,
      parameters: [USER_ID],
      responses: { '200': json(S.Reset), ...errors('404') },
    }),
  },
  '/me/sessions': {
    get: op('The signed-in user’s sessions', null, { tag: 'settings', security: SESSION_ONLY, responses: { '200': json(S.SessionList) } }),
  },
  '/me/sessions/{sessionId}': {
    delete: op('End one of the user’s sessions', null, {
      tag: 'settings',
      security: SESSION_WRITE,
      parameters: [pathParam('sessionId', 'The session id.')],
      responses: { '204': noContent, ...errors('404') },
    }),
  },
  '/me/password': {
    post: op('Change the password (other sessions end)', null, {
      tag: 'settings',
      security: SESSION_WRITE,
      requestBody: body(PasswordBody, { current_password: '…', new_password: '…' }),
      responses: { '204': noContent, ...errors('400') },
    }),
  },
};
