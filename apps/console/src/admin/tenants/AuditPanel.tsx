import { useQuery } from '@tanstack/react-query';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatDateTime } from '../../ui/format';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import type { AuditEntry } from '../types';
import { tenantKey } from './queries';

/** Who did what to the tenant (auth's audit log), newest first. */
export function AuditPanel({ tenantId }: { tenantId: string }) {
  const audit = useQuery({
    queryKey: tenantKey(tenantId, 'audit'),
    queryFn: ({ signal }) => adminApi<{ data: AuditEntry[] }>('auth', `/admin/tenants/${seg(tenantId)}/audit-log`, { signal, query: { limit: 50 } }),
    select: (l) => l.data,
  });
  const columns: Column<AuditEntry>[] = [
    { header: 'When', cell: (a) => <span className="nowrap">{formatDateTime(a.at)}</span> },
    { header: 'Who', cell: (a) => <code>{a.actor}</code> },
    { header: 'What', cell: (a) => <code>{a.action}</code> },
    { header: 'Key', cell: (a) => (a.keyId ? <code className="nowrap">{a.keyId.slice(0, 8)}</code> : '—') },
  ];
  return (
    <section className="panel section" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <ErrorBanner error={audit.error} />
      {audit.data ? <Table caption="Audit log" hideCaption columns={columns} rows={audit.data} rowKey={(a) => a.id} empty="Nothing recorded yet." /> : null}
    </section>
  );
}
