import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatDateTime } from '../../ui/format';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import type { Tier, TierDetail, TierPrice } from '../types';
import { PerMillion, PriceForm, type PriceBody } from './PriceForm';
import { TIERS_KEY } from './queries';

/** A tier's own per-model sale prices (they beat its markup for that model), effective-dated. */
export function TierPrices({ tier }: { tier: Tier }) {
  const queryClient = useQueryClient();
  const key = [...TIERS_KEY, tier.id] as const;
  const detail = useQuery({ queryKey: key, queryFn: ({ signal }) => adminApi<TierDetail>('billing', `/admin/tiers/${seg(tier.id)}`, { signal }) });
  const add = useMutation({
    mutationFn: (body: PriceBody) => adminApi<TierPrice>('billing', `/admin/tiers/${seg(tier.id)}/prices`, { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  const columns: Column<TierPrice>[] = [
    { header: 'Model', cell: (p) => <code>{p.model}</code> },
    { header: 'Input / 1M', numeric: true, cell: (p) => <PerMillion micros={p.inputPerMillion} /> },
    { header: 'Cached input / 1M', numeric: true, cell: (p) => <PerMillion micros={p.cachedInputPerMillion} /> },
    { header: 'Output / 1M', numeric: true, cell: (p) => <PerMillion micros={p.outputPerMillion} /> },
    { header: 'Effective from', cell: (p) => <span className="nowrap">{formatDateTime(p.effectiveFrom)}</span> },
  ];
  return (
    <section className="panel section" aria-labelledby="tier-prices-title">
      <h2 id="tier-prices-title">Prices of tier {tier.name}</h2>
      <ErrorBanner error={add.error} />
      <PriceForm label={`Add a price to tier ${tier.name}`} submitLabel="Add tier price" busy={add.isPending} onSubmit={(body) => add.mutateAsync(body)} />
      <ErrorBanner error={detail.error} />
      {detail.data ? (
        <Table
          caption={`Prices of tier ${tier.name}`}
          hideCaption
          columns={columns}
          rows={detail.data.prices}
          rowKey={(p) => p.id}
          empty="No prices of its own."
        />
      ) : null}
    </section>
  );
}
