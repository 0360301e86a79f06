import { Injectable } from '@nestjs/common';
import { type TenantId, AuditEntry, PortalMeResult } from '@tollgate/contracts';
import { AuthError } from '../errors/auth.error';
import { AuditRepository, AuditRow } from './audit.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REMOVED_USER = '(removed user)';

/** The position after the last entry of a page: opaque to callers (base64url of "<ISO time>|<id>"). */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  if (extra !== undefined || !id || !UUID.test(id) || Number.isNaN(at.getTime())) {
    throw new AuthError('invalid_request', 'The cursor is not valid; pass the next_cursor of a previous page.', 'cursor');
  }
  return { at, id };
}

type Who = { type: 'key' | 'user' | 'admin'; id: string };

/**
 * `key:<id>`, `user:<id>`, or an operator: the admin API records `admin` (the bootstrap token) or
 * `admin:<email>`. Tenants see every operator as "admin": operators' emails stay with the operator.
 */
function whoOf(actor: string): Who {
  const [kind, id] = actor.split(':', 2);
  if ((kind === 'key' || kind === 'user') && id && UUID.test(id)) return { type: kind, id };
  return { type: 'admin', id: 'admin' };
}

function detail(details: unknown, field: string): string | null {
  const value = details && typeof details === 'object' ? (details as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : null;
}

/**
 * A tenant's audit log for /me: newest first, in cursor pages, with actors and targets named
 * (key label, user email, "admin") from the tenant's own rows only. Details stay in auth.
 */
@Injectable()
export class AuditFeedService {
  constructor(private readonly audit: AuditRepository) {}

  async page(tenantId: TenantId, limit: number, cursor?: string): Promise<PortalMeResult<'audit.list'>> {
    const after = cursor ? decodeCursor(cursor) : undefined;
    const rows = await this.audit.page(tenantId, limit + 1, after);
    const page = rows.slice(0, limit);
    const whos = page.map((r) => whoOf(r.actor));
    const keyIds = new Set([...page.flatMap((r) => (r.keyId ? [r.keyId] : [])), ...whos.filter((w) => w.type === 'key').map((w) => w.id)]);
    const userIds = new Set([...page.flatMap((r) => targetUserOf(r) ?? []), ...whos.filter((w) => w.type === 'user').map((w) => w.id)]);
    const [labels, emails] = await Promise.all([this.audit.keyLabels(tenantId, [...keyIds]), this.audit.userEmails(tenantId, [...userIds])]);
    const data = page.map((r, i) => entryOf(r, whos[i], labels, emails));
    return { data, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null };
  }
}

function targetUserOf(r: AuditRow): string | null {
  const id = detail(r.details, 'userId');
  return id && UUID.test(id) ? id : null;
}

function entryOf(r: AuditRow, who: Who, labels: Map<string, string>, emails: Map<string, string>): AuditEntry {
  const actorName =
    who.type === 'key'
      ? (labels.get(who.id) ?? who.id)
      : who.type === 'user'
        ? (emails.get(who.id) ?? (targetUserOf(r) === who.id ? detail(r.details, 'email') : null) ?? REMOVED_USER)
        : 'admin';
  const userId = targetUserOf(r);
  const target = r.keyId
    ? { type: 'key' as const, id: r.keyId, name: labels.get(r.keyId) ?? detail(r.details, 'label') ?? r.keyId }
    : userId
      ? { type: 'user' as const, id: userId, name: emails.get(userId) ?? detail(r.details, 'email') ?? REMOVED_USER }
      : null;
  return { id: r.id, at: r.createdAt.toISOString(), action: r.action, actor: { type: who.type, id: who.id, name: actorName }, target };
}
