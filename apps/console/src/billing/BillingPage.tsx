import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, mePath } from '../api/api';
import type { Balance, Invoice, List } from '../api/types';
import { useSignedIn } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Field } from '../ui/Field';
import { formatDate, utcMonth } from '../ui/format';
import { formatMicros } from '../ui/money';
import { Loading, Page } from '../ui/Page';
import { Table, type Column } from '../ui/Table';
import { BillingDetailsForm } from './BillingDetailsForm';
import { CreditNotesSection, type StatementWithRefunds } from './CreditNotes';
import { kindLabel } from './kind-label';
import { StatementView } from './StatementView';
import { TopUpForm, TopUpReturnNotice } from './TopUpForm';

export function BillingPage() {
  const [month, setMonth] = useState(utcMonth(new Date()));
  const { can } = useSignedIn();
  const balance = useQuery({ queryKey: ['balance'], queryFn: ({ signal }) => api<Balance>('/me/billing/balance', { signal }) });
  const statement = useQuery({
    queryKey: ['statement', month],
    queryFn: ({ signal }) => api<StatementWithRefunds>(mePath('/me/billing/statement', { month }), { signal }),
    enabled: /^\d{4}-\d{2}$/.test(month),
    placeholderData: keepPreviousData,
  });
  const invoices = useQuery({ queryKey: ['invoices'], queryFn: ({ signal }) => api<List<Invoice>>('/me/billing/invoices', { signal }) });

  return (
    <Page title="Billing">
      <TopUpReturnNotice />
      <section className="panel balance" aria-labelledby="balance-title">
        <h2 id="balance-title">Balance</h2>
        <ErrorBanner error={balance.error} />
        {balance.data ? (
          <p className={`balance-amount${balance.data.balance_micros < 0 ? ' negative' : ''}`}>
            {formatMicros(balance.data.balance_micros, { currency: balance.data.currency })}
          </p>
        ) : balance.isPending ? (
          <Loading />
        ) : null}
      </section>

      {can('billing:write') ? <TopUpForm currency={balance.data?.currency ?? 'USD'} /> : null}

      <section aria-labelledby="statement-title">
        <div className="section-head">
          <h2 id="statement-title">Statement</h2>
          <div className="toolbar toolbar-inline">
            <Field label="Month" type="month" value={month} max={utcMonth(new Date())} onChange={(e) => setMonth(e.target.value)} />
            <a className="btn btn-secondary" href={mePath('/me/billing/statement', { month, format: 'csv' })} download>
              Download CSV
            </a>
            <a className="btn btn-secondary" href={mePath('/me/billing/statement', { month, format: 'pdf' })}>
              Download PDF
            </a>
          </div>
        </div>
        <ErrorBanner error={statement.error} />
        {statement.isPending && statement.fetchStatus !== 'idle' ? <Loading /> : null}
        {statement.data ? <StatementView statement={statement.data} /> : null}
      </section>

      <section aria-labelledby="invoices-title">
        <h2 id="invoices-title">Invoices</h2>
        <ErrorBanner error={invoices.error} />
        {invoices.isPending ? <Loading /> : invoices.data ? <InvoiceTable invoices={invoices.data.data} /> : null}
      </section>

      <CreditNotesSection />

      <BillingDetailsForm />
    </Page>
  );
}

function InvoiceTable({ invoices }: { invoices: Invoice[] }) {
  const columns: Column<Invoice>[] = [
    { header: 'Number', cell: (i) => <code>{i.number}</code> },
    { header: 'Kind', cell: (i) => kindLabel(i.kind) },
    { header: 'Period', cell: (i) => i.period ?? '—' },
    { header: 'Issued', cell: (i) => <span className="nowrap">{formatDate(i.issued_at)}</span> },
    { header: 'Total', cell: (i) => formatMicros(i.total_micros, { currency: i.currency }), numeric: true },
    {
      header: 'PDF',
      cell: (i) => (
        <a href={`/me/billing/invoices/${encodeURIComponent(i.id)}`} aria-label={`Invoice ${i.number} (PDF)`}>
          PDF
        </a>
      ),
    },
  ];
  return <Table caption="Invoices" hideCaption columns={columns} rows={invoices} rowKey={(i) => i.id} empty="No invoices yet." />;
}
