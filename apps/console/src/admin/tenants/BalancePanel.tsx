import { useQuery } from '@tanstack/react-query';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatDateTime } from '../../ui/format';
import { formatMicros } from '../../ui/money';
import { Loading } from '../../ui/Page';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import type { Balance, LedgerEntry } from '../types';
import { CreditForm } from './CreditForm';
import { tenantKey } from './queries';

function ledgerColumns(currency: string): Column<LedgerEntry>[] {
  return [
    { header: 'When', cell: (l) => <span className="nowrap">{formatDateTime(l.at)}</span> },
    { header: 'Kind', cell: (l) => l.kind },
    { header: 'Amount', numeric: true, cell: (l) => formatMicros(l.amountMicros, { currency }) },
    { header: 'Reason', cell: (l) => l.reason ?? l.reference ?? l.requestId ?? '—' },
    { header: 'By', cell: (l) => <code>{l.actor}</code> },
  ];
}

/** The balance, a credit with a required reason (audited as this admin), the latest ledger entries. */
export function BalancePanel({ tenantId }: { tenantId: string }) {
  const base = `/admin/tenants/${seg(tenantId)}`;
  const balance = useQuery({ queryKey: tenantKey(tenantId, 'balance'), queryFn: ({ signal }) => adminApi<Balance>('billing', `${base}/balance`, { signal }) });
  const ledger = useQuery({
    queryKey: tenantKey(tenantId, 'ledger'),
    queryFn: ({ signal }) => adminApi<{ data: LedgerEntry[] }>('billing', `${base}/ledger`, { signal, query: { limit: 20 } }),
    select: (l) => l.data,
  });
  const currency = balance.data?.currency ?? 'USD';

  return (
    <section className="panel" aria-labelledby="balance-title">
      <h2 id="balance-title">Balance</h2>
      <ErrorBanner error={balance.error} />
      {balance.data ? (
        <p className={`balance-amount${balance.data.balanceMicros < 0 ? ' negative' : ''}`} aria-label="Current balance">
          {formatMicros(balance.data.balanceMicros, { currency })}
        </p>
      ) : balance.isPending ? (
        <Loading />
      ) : null}
      <CreditForm tenantId={tenantId} currency={currency} />
      <h3>Recent ledger entries</h3>
      <ErrorBanner error={ledger.error} />
      {ledger.data ? (
        <Table
          caption="Recent ledger entries"
          hideCaption
          columns={ledgerColumns(currency)}
          rows={ledger.data}
          rowKey={(l) => l.id}
          empty="No ledger entries yet."
        />
      ) : null}
    </section>
  );
}
