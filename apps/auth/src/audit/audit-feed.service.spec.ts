import { asTenantId } from '@tollgate/contracts';
import { AuditFeedService, decodeCursor, encodeCursor } from './audit-feed.service';
import type { AuditRepository, AuditRow } from './audit.repository';

const TENANT = asTenantId('00000000-0000-4000-8000-000000000001');
const KEY = '00000000-0000-4000-8000-0000000000aa';
const USER = '00000000-0000-4000-8000-0000000000bb';
const GONE = '00000000-0000-4000-8000-0000000000cc';

const row = (n: number, actor: string, action: string, extra: Partial<AuditRow> = {}): AuditRow => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  tenantId: TENANT,
  actor,
  action,
  keyId: null,
  details: null,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 10 - n)),
  ...extra,
});

function feed(rows: AuditRow[]) {
  const repo = {
    page: jest.fn(async (_t: string, limit: number) => rows.slice(0, limit)),
    keyLabels: jest.fn(async (_t: string, ids: string[]) => new Map(ids.filter((id) => id === KEY).map((id) => [id, 'ci key']))),
    userEmails: jest.fn(async (_t: string, ids: string[]) => new Map(ids.filter((id) => id === USER).map((id) => [id, 'ada@example.com']))),
  };
  return { service: new AuditFeedService(repo as unknown as AuditRepository), repo };
}

describe('AuditFeedService', () => {
  it('names actors and targets from the tenant, every operator as "admin", removed users from the entry', async () => {
    const { service, repo } = feed([
      row(1, `user:${USER}`, 'key.created', { keyId: KEY, details: { label: 'old label' } }),
      row(2, 'admin:ops@tollgate.example', 'tenant.limits_changed', { details: { rpm: 5 } }),
      row(3, `key:${KEY}`, 'user.removed', { details: { userId: GONE, email: 'gone@example.com', passwordHash: 'x' } }),
    ]);
    const page = await service.page(TENANT, 10);
    expect(page.data.map((e) => [e.actor, e.target])).toEqual([
      [
        { type: 'user', id: USER, name: 'ada@example.com' },
        { type: 'key', id: KEY, name: 'ci key' },
      ],
      [{ type: 'admin', id: 'admin', name: 'admin' }, null],
      [
        { type: 'key', id: KEY, name: 'ci key' },
        { type: 'user', id: GONE, name: 'gone@example.com' },
      ],
    ]);
    expect(JSON.stringify(page)).not.toMatch(/ops@|passwordHash|rpm/);
    expect(page.nextCursor).toBeNull();
    expect(repo.keyLabels).toHaveBeenCalledWith(TENANT, [KEY]);
    expect(repo.userEmails).toHaveBeenCalledWith(TENANT, expect.arrayContaining([USER, GONE]));
  });

  it('asks for one more row than the page to know whether there is a next one, and resumes after the last', async () => {
    const rows = [1, 2, 3].map((n) => row(n, 'admin', 'tenant.created'));
    const { service, repo } = feed(rows);
    const page = await service.page(TENANT, 2);
    expect(page.data).toHaveLength(2);
    expect(repo.page).toHaveBeenCalledWith(TENANT, 3, undefined);
    expect(decodeCursor(page.nextCursor!)).toEqual({ at: rows[1].createdAt, id: rows[1].id });
  });

  it('refuses a cursor it did not make', () => {
    expect(decodeCursor(encodeCursor(row(1, 'admin', 'x')))).toEqual({ at: row(1, 'admin', 'x').createdAt, id: row(1, 'admin', 'x').id });
    for (const bad of ['', 'bm9wZQ', Buffer.from('2026-01-01T00:00:00Z|not-a-uuid').toString('base64url'), Buffer.from(`nope|${KEY}`).toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(/cursor/);
    }
  });
});
