import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner, Notice } from '../../ui/ErrorBanner';
import { SelectField } from '../../ui/Field';
import { formatDateTime } from '../../ui/format';
import { Page } from '../../ui/Page';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import { COST_PRICE_STATUSES, type CostPrice, type CostPriceStatus } from '../types';
import { PerMillion, PriceForm, type PriceBody } from './PriceForm';
import { COST_PRICES_KEY } from './queries';

const STATUS_OPTIONS = [{ value: '', label: 'All' }, ...COST_PRICE_STATUSES.map((s) => ({ value: s, label: s[0].toUpperCase() + s.slice(1) }))];
const BADGE: Record<CostPriceStatus, string> = { accepted: 'active', proposed: 'expired', rejected: 'revoked' };

type Verdict = 'accept' | 'reject';

function costColumns({ busyId, onReview }: { busyId: string | undefined; onReview: (price: CostPrice, verdict: Verdict) => void }): Column<CostPrice>[] {
  return [
    { header: 'Model', cell: (p) => <code>{p.model}</code> },
    { header: 'Provider', cell: (p) => p.provider ?? <span className="muted">Any</span> },
    { header: 'Input / 1M', numeric: true, cell: (p) => <PerMillion micros={p.inputPerMillion} /> },
    { header: 'Cached input / 1M', numeric: true, cell: (p) => <PerMillion micros={p.cachedInputPerMillion} /> },
    { header: 'Output / 1M', numeric: true, cell: (p) => <PerMillion micros={p.outputPerMillion} /> },
    { header: 'Effective from', cell: (p) => <span className="nowrap">{formatDateTime(p.effectiveFrom)}</span> },
    { header: 'Status', cell: (p) => <span className={`badge badge-${BADGE[p.status]}`}>{p.status}</span> },
    { header: 'Source', cell: (p) => <span className="break">{p.source ?? p.createdBy}</span> },
    {
      header: <span className="visually-hidden">Actions</span>,
      cell: (p) =>
        p.status === 'proposed' ? (
          <span className="form-actions">
            <Button small variant="primary" aria-label={`Accept cost price of ${p.model}`} busy={busyId === p.id} onClick={() => onReview(p, 'accept')}>
              Accept
            </Button>
            <Button small variant="danger" aria-label={`Reject cost price of ${p.model}`} onClick={() => onReview(p, 'reject')}>
              Reject
            </Button>
          </span>
        ) : p.reviewedBy ? (
          <span className="hint">by {p.reviewedBy}</span>
        ) : null,
    },
  ];
}

/** Upstream cost prices: an admin's own (accepted at once) and imported proposals, which price nothing until accepted here. */
export function CostPricesPage() {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<CostPriceStatus | ''>('');
  const [done, setDone] = useState<string | null>(null);
  const costs = useQuery({
    queryKey: [...COST_PRICES_KEY, status],
    queryFn: ({ signal }) => adminApi<{ data: CostPrice[] }>('billing', '/admin/cost-prices', { signal, query: { status } }),
    select: (l) => l.data,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: COST_PRICES_KEY });
  const create = useMutation({
    mutationFn: (body: PriceBody) => adminApi<CostPrice>('billing', '/admin/cost-prices', { method: 'POST', body }),
    onSuccess: refresh,
  });
  const review = useMutation({
    mutationFn: ({ price, verdict }: { price: CostPrice; verdict: Verdict }) =>
      adminApi<CostPrice>('billing', `/admin/cost-prices/${seg(price.id)}/${verdict}`, { method: 'POST', body: {} }),
    onSuccess: (price) => {
      setDone(`Cost price of ${price.model} ${price.status}.`);
      refresh();
    },
  });

  const columns = costColumns({
    busyId: review.isPending ? review.variables?.price.id : undefined,
    onReview: (price, verdict) => review.mutate({ price, verdict }),
  });

  return (
    <Page title="Cost prices">
      <section className="panel" aria-labelledby="new-cost-title">
        <h2 id="new-cost-title">Add a cost price</h2>
        <p className="hint">
          What the upstream charges; yours is accepted at once. Imports (<code>npm run prices:import</code>) arrive as proposals to review below.
        </p>
        <ErrorBanner error={create.error} />
        <PriceForm label="Add a cost price" submitLabel="Add cost price" busy={create.isPending} onSubmit={(body) => create.mutateAsync(body)} />
      </section>
      <div className="form-grid section">
        <SelectField label="Show" value={status} options={STATUS_OPTIONS} onChange={(e) => setStatus(e.target.value as CostPriceStatus | '')} />
      </div>
      <ErrorBanner error={review.error ?? costs.error} />
      {done ? <Notice>{done}</Notice> : null}
      {costs.data ? <Table caption="Cost prices" hideCaption columns={columns} rows={costs.data} rowKey={(p) => p.id} empty="No cost prices." /> : null}
    </Page>
  );
}
