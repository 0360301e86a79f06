import { useQuery } from '@tanstack/react-query';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatDateTime } from '../../ui/format';
import { formatMicros } from '../../ui/money';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import type { PromoGrant } from '../types';
import { PromotionForm } from './PromotionForm';
import { tenantKey } from './queries';

function status(g: PromoGrant, now: number): { label: string; badge: string } {
  if (g.expiredAt !== null) return { label: `expired (${formatMicros(g.expiredMicros ?? 0)} unused)`, badge: 'expired' };
  if (Date.parse(g.expiresAt) <= now) return { label: 'expiring', badge: 'expired' };
  return { label: 'active', badge: 'active' };
}

/** The grants' columns; `now` is when the list was read: a status as of then. */
function grantColumns(now: number): Column<PromoGrant>[] {
  return [
    { header: 'Granted', cell: (g) => <span className="nowrap">{formatDateTime(g.grantedAt)}</span> },
    { header: 'Amount', numeric: true, cell: (g) => formatMicros(g.amountMicros) },
    { header: 'Expires', cell: (g) => <span className="nowrap">{formatDateTime(g.expiresAt)}</span> },
    { header: 'Reason', cell: (g) => g.reason },
    { header: 'Status', cell: (g) => <span className={`badge badge-${status(g, now).badge}`}>{status(g, now).label}</span> },
    { header: 'By', cell: (g) => <code>{g.actor}</code> },
  ];
}

/** Promotional credit that expires: its unused part leaves by a ledger entry at the expiry, never by deletion. */
export function PromotionsPanel({ tenantId }: { tenantId: string }) {
  const path = `/admin/tenants/${seg(tenantId)}/promotions`;
  const grants = useQuery({
    queryKey: tenantKey(tenantId, 'promotions'),
    queryFn: ({ signal }) => adminApi<{ data: PromoGrant[] }>('billing', path, { signal }),
    select: (l) => l.data,
  });

  return (
    <section className="panel section" aria-labelledby="promo-title">
      <h2 id="promo-title">Promotional credit</h2>
      <PromotionForm tenantId={tenantId} />
      <ErrorBanner error={grants.error} />
      {grants.data ? (
        <Table
          caption="Promotional grants"
          columns={grantColumns(grants.dataUpdatedAt)}
          rows={grants.data}
          rowKey={(g) => g.id}
          empty="No promotional grants."
        />
      ) : null}
    </section>
  );
}
