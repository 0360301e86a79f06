import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, mePath } from '../api/api';
import type { UsageGroupBy, UsageResponse, UsageRow, UsageTotals } from '../api/types';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Field, SelectField } from '../ui/Field';
import { formatDate, formatInt } from '../ui/format';
import { formatMicros } from '../ui/money';
import { Loading, Page } from '../ui/Page';
import { Table, type Column } from '../ui/Table';
import { UsageCharts } from './UsageCharts';

const GROUPS: ReadonlyArray<{ value: UsageGroupBy; label: string }> = [
  { value: 'day', label: 'Day' },
  { value: 'model', label: 'Model' },
  { value: 'key', label: 'Key' },
];

export function rowLabel(row: UsageRow, groupBy: UsageGroupBy): string {
  if (groupBy === 'day') return row.day ? formatDate(row.day) : '—';
  if (groupBy === 'model') return row.model ?? '—';
  return row.key_label || row.key_id || '—';
}

function usageColumns(groupBy: UsageGroupBy): Column<UsageRow>[] {
  const groupHeader = groupBy === 'day' ? 'Day' : groupBy === 'model' ? 'Model' : 'Key';
  return [
    { header: groupHeader, cell: (r) => <span className="nowrap">{rowLabel(r, groupBy)}</span> },
    { header: 'Requests', cell: (r) => formatInt(r.requests), numeric: true },
    { header: 'Input tokens', cell: (r) => formatInt(r.prompt_tokens), numeric: true },
    { header: 'Cached input', cell: (r) => formatInt(r.cached_tokens), numeric: true },
    { header: 'Output tokens', cell: (r) => formatInt(r.completion_tokens), numeric: true },
    { header: 'Cost', cell: (r) => formatMicros(r.cost_micros), numeric: true },
  ];
}

type Range = { from: string; to: string };

/**
 * The usage the page shows. Until the person picks dates the range is left to the API, which
 * counts the last 30 days up to today in the zone its days are cut in (the tenant's reporting
 * time zone), so From and To show the days that were counted, not the browser's or UTC's.
 */
function useUsage(range: Range | null, groupBy: UsageGroupBy) {
  const query = range ? { ...range, group_by: groupBy } : { group_by: groupBy };
  const usage = useQuery({
    queryKey: ['usage', query],
    queryFn: ({ signal }) => api<UsageResponse>(mePath('/me/usage', query), { signal }),
    placeholderData: keepPreviousData,
    enabled: !range || Boolean(range.from && range.to && range.from <= range.to),
  });
  const from = range?.from ?? usage.data?.from ?? '';
  const to = range?.to ?? usage.data?.to ?? '';
  return { usage, query, from, to, timeZone: usage.data?.time_zone ?? 'UTC' };
}

export function UsagePage() {
  const [range, setRange] = useState<Range | null>(null);
  const [groupBy, setGroupBy] = useState<UsageGroupBy>('day');
  const { usage, query, from, to, timeZone } = useUsage(range, groupBy);
  const total = usage.data?.total;

  return (
    <Page
      title="Usage"
      actions={
        <a className="btn btn-secondary" href={mePath('/me/usage', { ...query, format: 'csv' })} download>
          Download CSV
        </a>
      }
    >
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Usage filters">
        <Field label="From" type="date" value={from} max={to} required onChange={(e) => setRange({ from: e.target.value, to })} />
        <Field label="To" type="date" value={to} min={from} required onChange={(e) => setRange({ from, to: e.target.value })} />
        <SelectField label="Group by" value={groupBy} options={GROUPS} onChange={(e) => setGroupBy(e.target.value as UsageGroupBy)} />
      </form>
      {from > to ? <p className="banner banner-error">“From” must be on or before “To”.</p> : null}
      <ErrorBanner error={usage.error} />
      {usage.isPending && !usage.data ? <Loading /> : null}
      {usage.data && from <= to ? (
        <>
          <p className="muted">
            Days in {timeZone}: the dates above and every row count calls from midnight to midnight, {timeZone} time.
          </p>
          {total ? <UsageStats total={total} /> : null}
          <UsageCharts rows={usage.data.data} groupBy={usage.data.group_by ?? groupBy} />
          <Table
            caption={`Usage by ${groupBy}, ${formatDate(from)} to ${formatDate(to)}, days in ${timeZone}`}
            columns={usageColumns(groupBy)}
            rows={usage.data.data}
            rowKey={(r) => `${r.day ?? ''}|${r.model ?? ''}|${r.key_id ?? ''}`}
            empty="No usage in this period."
            footer={total ? <UsageTotalRow total={total} /> : null}
          />
        </>
      ) : null}
    </Page>
  );
}

function UsageStats({ total }: { total: UsageTotals }) {
  const stats: Array<[string, string]> = [
    ['Requests', formatInt(total.requests)],
    ['Input tokens', formatInt(total.prompt_tokens)],
    ['Cached input', formatInt(total.cached_tokens)],
    ['Output tokens', formatInt(total.completion_tokens)],
    ['Cost', formatMicros(total.cost_micros)],
  ];
  return (
    <dl className="stats">
      {stats.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function UsageTotalRow({ total }: { total: UsageTotals }) {
  return (
    <tr>
      <th scope="row">Total</th>
      <td className="num">{formatInt(total.requests)}</td>
      <td className="num">{formatInt(total.prompt_tokens)}</td>
      <td className="num">{formatInt(total.cached_tokens)}</td>
      <td className="num">{formatInt(total.completion_tokens)}</td>
      <td className="num">{formatMicros(total.cost_micros)}</td>
    </tr>
  );
}
