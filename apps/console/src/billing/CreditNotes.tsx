import { useQuery } from '@tanstack/react-query';
import { api } from '../api/api';
import type { List, Statement } from '../api/types';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDate, formatDateTime } from '../ui/format';
import { formatMicros } from '../ui/money';
import { Loading } from '../ui/Page';
import { Table, type Column } from '../ui/Table';

/** A refund's credit note, as GET /me/billing/credit-notes lists it. */
export interface CreditNote {
  id: string;
  number: string;
  issued_at: string;
  total_micros: number;
  currency: string;
  reason: string | null;
  refund_of: string | null;
  period: string | null;
  request_ids: string[];
}

/** A refund line of a statement (closing = opening + credits + refunds − debits). */
export interface RefundLine {
  at: string;
  amount_micros: number;
  credit_note: string | null;
  reason: string | null;
}

/** The statement as /me/billing/statement answers it since refunds and reporting time zones. */
export type StatementWithRefunds = Statement & { time_zone?: string; refunds_micros?: number; refunds?: RefundLine[] };

/** The refunds of a statement month, each with its credit note number. */
export function RefundsTable({ statement: s }: { statement: StatementWithRefunds }) {
  const refunds = s.refunds ?? [];
  const columns: Column<RefundLine>[] = [
    { header: 'Date', cell: (r) => <span className="nowrap">{formatDateTime(r.at)}</span> },
    { header: 'Credit note', cell: (r) => (r.credit_note ? <code>{r.credit_note}</code> : '—') },
    { header: 'Reason', cell: (r) => r.reason ?? '—' },
    { header: 'Amount', cell: (r) => formatMicros(r.amount_micros, { currency: s.currency }), numeric: true },
  ];
  const footer = (
    <tr>
      <th scope="row" colSpan={3}>
        Total refunds
      </th>
      <td className="num">
        <strong>{formatMicros(s.refunds_micros ?? 0, { currency: s.currency })}</strong>
      </td>
    </tr>
  );
  return (
    <Table
      caption={`Refunds, ${s.month}`}
      hideCaption
      columns={columns}
      rows={refunds}
      rowKey={(r) => `${r.at}|${r.credit_note ?? ''}`}
      empty="No refunds this month."
      footer={footer}
    />
  );
}

/** The tenant's credit notes (one per refund), each with its PDF. */
export function CreditNotesSection() {
  const notes = useQuery({ queryKey: ['credit-notes'], queryFn: ({ signal }) => api<List<CreditNote>>('/me/billing/credit-notes', { signal }) });
  const columns: Column<CreditNote>[] = [
    { header: 'Number', cell: (n) => <code>{n.number}</code> },
    { header: 'Issued', cell: (n) => <span className="nowrap">{formatDate(n.issued_at)}</span> },
    { header: 'Refund of', cell: (n) => n.refund_of ?? '—' },
    { header: 'Reason', cell: (n) => n.reason ?? '—' },
    { header: 'Total', cell: (n) => formatMicros(n.total_micros, { currency: n.currency }), numeric: true },
    {
      header: 'PDF',
      cell: (n) => (
        <a href={`/me/billing/credit-notes/${encodeURIComponent(n.id)}`} aria-label={`Credit note ${n.number} (PDF)`}>
          PDF
        </a>
      ),
    },
  ];
  return (
    <section aria-labelledby="credit-notes-title">
      <h2 id="credit-notes-title">Credit notes</h2>
      <ErrorBanner error={notes.error} />
      {notes.isPending ? (
        <Loading />
      ) : notes.data ? (
        <Table
          caption="Credit notes"
          hideCaption
          columns={columns}
          rows={notes.data.data}
          rowKey={(n) => n.id}
          empty="No credit notes: refunds get one each."
        />
      ) : null}
    </section>
  );
}
