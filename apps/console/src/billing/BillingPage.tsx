import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, mePath } from '../api/api';
import type { Balance, Invoice, List, StatementLine, StatementUsage } from '../api/types';
import { useSignedIn } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Field } from '../ui/Field';
import { formatDate, formatDateTime, formatInt, utcMonth } from '../ui/format';
import { formatMicros, sumMicros } from '../ui/money';
import { Loading, Page } from '../ui/Page';
import { Table, type Column } from '../ui/Table';
import { BillingDetailsForm } from './BillingDetailsForm';
import { CreditNotesSection, RefundsTable, type StatementWithRefunds } from './CreditNotes';
import { TopUpForm, TopUpReturnNotice } from './TopUpForm';

const KIND_LABELS: Record<string, string> = {
  top_up: 'Top-up',
  monthly_statement: 'Monthly statement',
  credit_note: 'Credit note',
  credit_receipt: 'Credit receipt',
  promo_grant: 'Promotional credit',
  promo_expiry: 'Expired promotional credit',
};

function kindLabel(kind: string): string {
  if (KIND_LABELS[kind]) return KIND_LABELS[kind];
  const words = kind.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

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
          <p className={`balance-amount${balance.data.balance_micros < 0 ? ' negative' : ''}`}>{formatMicros(balance.data.balance_micros, { currency: balance.data.currency })}</p>
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

function StatementView({ statement: s }: { statement: StatementWithRefunds }) {
  const money = (m: number) => formatMicros(m, { currency: s.currency });
  const lineColumns: Column<StatementLine>[] = [
    { header: 'Date', cell: (l) => <span className="nowrap">{formatDateTime(l.at)}</span> },
    { header: 'Kind', cell: (l) => kindLabel(l.kind) },
    { header: 'Reference', cell: (l) => (l.reference ? <code>{l.reference}</code> : '—') },
    { header: 'Amount', cell: (l) => money(l.amount_micros), numeric: true },
  ];
  const usageColumns: Column<StatementUsage>[] = [
    { header: 'Day', cell: (u) => <span className="nowrap">{formatDate(u.day)}</span> },
    { header: 'Model', cell: (u) => u.model },
    { header: 'Requests', cell: (u) => formatInt(u.requests), numeric: true },
    { header: 'Input tokens', cell: (u) => formatInt(u.prompt_tokens), numeric: true },
    { header: 'Cached input', cell: (u) => formatInt(u.cached_tokens), numeric: true },
    { header: 'Output tokens', cell: (u) => formatInt(u.completion_tokens), numeric: true },
    { header: 'Cost', cell: (u) => money(u.cost_micros), numeric: true },
  ];
  const sumInt = (f: (u: StatementUsage) => number) => s.usage.reduce((a, u) => a + f(u), 0);
  const totalRow = (label: string, amount: number | bigint, span: number) => (
    <tr>
      <th scope="row" colSpan={span}>
        {label}
      </th>
      <td className="num">
        <strong>{formatMicros(amount, { currency: s.currency })}</strong>
      </td>
    </tr>
  );

  return (
    <>
      <dl className="stats">
        <div>
          <dt>Opening balance</dt>
          <dd>{money(s.opening_balance_micros)}</dd>
        </div>
        <div>
          <dt>Credits</dt>
          <dd>{money(s.credits_micros)}</dd>
        </div>
        <div>
          <dt>Refunds</dt>
          <dd>{money(s.refunds_micros ?? 0)}</dd>
        </div>
        <div>
          <dt>Debits</dt>
          <dd>{money(s.debits_micros)}</dd>
        </div>
        <div>
          <dt>Closing balance</dt>
          <dd>{money(s.closing_balance_micros)}</dd>
        </div>
      </dl>
      {s.time_zone && s.time_zone !== 'UTC' ? <p className="muted">Month and days in {s.time_zone}; each call is dated by when it happened.</p> : null}
      <h3>Credits</h3>
      <Table caption={`Credits, ${s.month}`} hideCaption columns={lineColumns} rows={s.credits} rowKey={(l) => `${l.at}|${l.reference ?? ''}|${l.amount_micros}`} empty="No credits this month." footer={totalRow('Total credits', s.credits_micros, 3)} />
      <h3>Refunds</h3>
      <RefundsTable statement={s} />
      {/* Usage debits are totalled by day and model below; this table lists the rest (adjustments). */}
      <h3>Other debits</h3>
      <Table caption={`Other debits, ${s.month}`} hideCaption columns={lineColumns} rows={s.debits} rowKey={(l) => `${l.at}|${l.reference ?? ''}|${l.amount_micros}`} empty="No other debits this month; usage is below." footer={totalRow('Total other debits', sumMicros(s.debits.map((l) => l.amount_micros)), 3)} />
      <h3>Usage by day and model</h3>
      <Table
        caption={`Usage by day and model, ${s.month}`}
        hideCaption
        columns={usageColumns}
        rows={s.usage}
        rowKey={(u) => `${u.day}|${u.model}`}
        empty="No usage this month."
        footer={
          s.usage.length ? (
            <tr>
              <th scope="row" colSpan={2}>
                Total
              </th>
              <td className="num">{formatInt(sumInt((u) => u.requests))}</td>
              <td className="num">{formatInt(sumInt((u) => u.prompt_tokens))}</td>
              <td className="num">{formatInt(sumInt((u) => u.cached_tokens))}</td>
              <td className="num">{formatInt(sumInt((u) => u.completion_tokens))}</td>
              <td className="num">
                <strong>{formatMicros(sumMicros(s.usage.map((u) => u.cost_micros)), { currency: s.currency })}</strong>
              </td>
            </tr>
          ) : null
        }
      />
    </>
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
