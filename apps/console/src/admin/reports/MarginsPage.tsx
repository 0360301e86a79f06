import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from '../../router';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { formatInt, utcMonth } from '../../ui/format';
import { formatMicros } from '../../ui/money';
import { Loading, Page } from '../../ui/Page';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import { useTenants } from '../tenants/queries';
import type { MarginLine, MarginReport } from '../types';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const percent = (p: string | null) => (p === null ? '—' : `${p} %`);

function marginColumns(nameOf: (tenantId: string) => string): Column<MarginLine>[] {
  return [
    { header: 'Tenant', cell: (l) => <Link to={`/tenants/${seg(l.tenantId)}`}>{nameOf(l.tenantId)}</Link> },
    { header: 'Model', cell: (l) => <code>{l.model}</code> },
    { header: 'Calls', numeric: true, cell: (l) => formatInt(l.calls) },
    { header: 'Revenue', numeric: true, cell: (l) => formatMicros(l.revenueMicros) },
    { header: 'Cost', numeric: true, cell: (l) => formatMicros(l.costMicros) },
    { header: 'Margin', numeric: true, cell: (l) => formatMicros(l.marginMicros) },
    { header: 'Margin %', numeric: true, cell: (l) => percent(l.marginPercent) },
    { header: 'Uncosted calls', numeric: true, cell: (l) => formatInt(l.uncostedCalls) },
  ];
}

function TotalsRow({ totals: t }: { totals: MarginReport['totals'] }) {
  return (
    <tr>
      <th scope="row" colSpan={2}>
        Total
      </th>
      <td className="num">{formatInt(t.calls)}</td>
      <td className="num">{formatMicros(t.revenueMicros)}</td>
      <td className="num">{formatMicros(t.costMicros)}</td>
      <td className="num">{formatMicros(t.marginMicros)}</td>
      <td className="num">{percent(t.marginPercent)}</td>
      <td className="num">{formatInt(t.uncostedCalls)}</td>
    </tr>
  );
}

function useMargins(month: string, enabled: boolean) {
  return useQuery({
    queryKey: ['margins', month],
    queryFn: ({ signal }) => adminApi<MarginReport>('billing', '/admin/reports/margins', { signal, query: { month } }),
    enabled,
  });
}

/** The month picker and, for a valid month, the CSV link beside it. */
function MonthPicker({ month, valid, onChange }: { month: string; valid: boolean; onChange: (month: string) => void }) {
  return (
    <div className="form-grid form-grid-inline">
      <Field
        label="Month (UTC)"
        type="month"
        required
        value={month}
        onChange={(e) => onChange(e.target.value)}
        error={month && !valid ? 'A month, YYYY-MM.' : null}
      />
      <p className="form-actions">
        {valid ? (
          <a href={`/console-api/billing/admin/reports/margins?month=${month}&format=csv`} download={`margins-${month}.csv`}>
            Download CSV for {month}
          </a>
        ) : null}
      </p>
    </div>
  );
}

/** Calls, revenue (sale), cost (upstream), margin and margin % per tenant and model for a UTC month; CSV alongside. */
export function MarginsPage() {
  const [month, setMonth] = useState(() => utcMonth(new Date()));
  const valid = MONTH.test(month);
  const tenants = useTenants();
  const report = useMargins(month, valid);
  const nameOf = (id: string) => tenants.data?.find((t) => t.id === id)?.name ?? id.slice(0, 8);

  return (
    <Page title="Margins">
      <MonthPicker month={month} valid={valid} onChange={setMonth} />
      <p className="hint">Calls that happened in the month (UTC); refunds are not netted; cost counts accepted cost prices only.</p>
      <ErrorBanner error={report.error} />
      {report.isLoading ? <Loading /> : null}
      {report.data ? (
        <Table
          caption={`Margins for ${report.data.month}`}
          columns={marginColumns(nameOf)}
          rows={report.data.lines}
          rowKey={(l) => `${l.tenantId}/${l.model}`}
          empty="No charged calls this month."
          footer={<TotalsRow totals={report.data.totals} />}
        />
      ) : null}
    </Page>
  );
}
