import { useQuery } from '@tanstack/react-query';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatDateTime } from '../../ui/format';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import type { AuditEntry } from '../types';
import { tenantKey } from './queries';

/** A catalog change on the gateway (GET /admin/audit): a route or its targets. */
interface CatalogAuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  tenantId: string | null;
  target: string;
  details: unknown;
}

/** One line of the merged log: where it was recorded and what it concerns (a key, or a model's route). */
interface AuditLine {
  id: string;
  at: string;
  actor: string;
  action: string;
  source: 'Tenant' | 'Routing';
  subject: string | null;
}

const LIMIT = 50;

const fromAuth = (a: AuditEntry): AuditLine => ({
  id: `auth:${a.id}`,
  at: a.at,
  actor: a.actor,
  action: a.action,
  source: 'Tenant',
  subject: a.keyId ? `key ${a.keyId.slice(0, 8)}` : null,
});
const fromCatalog = (c: CatalogAuditEntry): AuditLine => ({
  id: `catalog:${c.id}`,
  at: c.at,
  actor: c.actor,
  action: c.action,
  source: 'Routing',
  subject: `model ${c.target}`,
});

/** Newest first, at most LIMIT: both sources list their newest LIMIT, so the merge's first LIMIT are exact. */
function merged(auth: AuditEntry[] | undefined, catalog: CatalogAuditEntry[] | undefined): AuditLine[] {
  const lines = [...(auth ?? []).map(fromAuth), ...(catalog ?? []).map(fromCatalog)];
  return lines.sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0)).slice(0, LIMIT);
}

/** Who did what to the tenant, newest first: auth's audit log (tenant, users, keys) and the gateway's catalog audit (models and routes). */
export function AuditPanel({ tenantId }: { tenantId: string }) {
  const audit = useQuery({
    queryKey: tenantKey(tenantId, 'audit'),
    queryFn: ({ signal }) => adminApi<{ data: AuditEntry[] }>('auth', `/admin/tenants/${seg(tenantId)}/audit-log`, { signal, query: { limit: LIMIT } }),
    select: (l) => l.data,
  });
  const catalog = useQuery({
    queryKey: tenantKey(tenantId, 'catalog-audit'),
    queryFn: ({ signal }) => adminApi<{ data: CatalogAuditEntry[] }>('gateway', '/admin/audit', { signal, query: { tenant_id: tenantId, limit: LIMIT } }),
    select: (l) => l.data,
  });
  const columns: Column<AuditLine>[] = [
    { header: 'When', cell: (a) => <span className="nowrap">{formatDateTime(a.at)}</span> },
    { header: 'Who', cell: (a) => <code>{a.actor}</code> },
    { header: 'What', cell: (a) => <code>{a.action}</code> },
    { header: 'Area', cell: (a) => a.source },
    { header: 'Concerns', cell: (a) => (a.subject ? <code className="nowrap">{a.subject}</code> : '—') },
  ];
  const ready = audit.data !== undefined && (catalog.data !== undefined || catalog.error);
  return (
    <section className="panel section" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <ErrorBanner error={audit.error} />
      <ErrorBanner error={catalog.error} />
      {ready ? (
        <Table caption="Audit log" hideCaption columns={columns} rows={merged(audit.data, catalog.data)} rowKey={(a) => a.id} empty="Nothing recorded yet." />
      ) : null}
    </section>
  );
}
