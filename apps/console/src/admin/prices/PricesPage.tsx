import { useQuery } from '@tanstack/react-query';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatDateTime } from '../../ui/format';
import { Page } from '../../ui/Page';
import { Table, type Column } from '../../ui/Table';
import { adminApi } from '../api';
import { PerMillion } from '../pricing/PriceForm';
import type { Price } from '../types';
import { NewPriceForm, PRICES_KEY } from './NewPriceForm';

const COLUMNS: Column<Price>[] = [
  { header: 'Model', cell: (p) => <code>{p.model}</code> },
  { header: 'Provider', cell: (p) => p.provider ?? <span className="muted">Any</span> },
  { header: 'Upstream model', cell: (p) => (p.upstreamModel ? <code>{p.upstreamModel}</code> : <span className="muted">Any</span>) },
  { header: 'Input / 1M', numeric: true, cell: (p) => <PerMillion micros={p.inputPerMillion} /> },
  { header: 'Cached input / 1M', numeric: true, cell: (p) => <PerMillion micros={p.cachedInputPerMillion} /> },
  { header: 'Output / 1M', numeric: true, cell: (p) => <PerMillion micros={p.outputPerMillion} /> },
  { header: 'Max output', numeric: true, cell: (p) => p.maxOutputTokens.toLocaleString('en-US') },
  { header: 'Effective from', cell: (p) => <span className="nowrap">{formatDateTime(p.effectiveFrom)}</span> },
];

/** Prices (billing's): effective-dated and never rewritten, so a new price is a new row from its date on. */
export function PricesPage() {
  const prices = useQuery({
    queryKey: PRICES_KEY,
    queryFn: ({ signal }) => adminApi<{ data: Price[] }>('billing', '/admin/prices', { signal }),
    select: (l) => l.data,
  });
  return (
    <Page title="Prices">
      <NewPriceForm />
      <ErrorBanner error={prices.error} />
      {prices.data ? <Table caption="Prices" hideCaption columns={COLUMNS} rows={prices.data} rowKey={(p) => p.id} empty="No prices yet." /> : null}
    </Page>
  );
}
