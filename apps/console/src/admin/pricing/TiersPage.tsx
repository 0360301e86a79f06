import { useState } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatDate } from '../../ui/format';
import { Loading, Page } from '../../ui/Page';
import { Table, type Column } from '../../ui/Table';
import { formatBp } from '../money-input';
import type { Tier } from '../types';
import { NewTierForm } from './NewTierForm';
import { useTiers } from './queries';
import { TierPrices } from './TierPrices';

function tierColumns(selected: Tier | null, select: (tier: Tier) => void): Column<Tier>[] {
  return [
    { header: 'Name', cell: (t) => <strong>{t.name}</strong> },
    {
      header: 'Markup',
      numeric: true,
      cell: (t) => (t.markupBp === null ? <span className="muted">None</span> : `${formatBp(t.markupBp)} % (${t.markupBp} bp)`),
    },
    { header: 'Description', cell: (t) => t.description ?? '—' },
    { header: 'Created', cell: (t) => <span className="nowrap">{formatDate(t.createdAt)}</span> },
    {
      header: <span className="visually-hidden">Actions</span>,
      cell: (t) => (
        <Button small aria-label={`Prices of tier ${t.name}`} aria-pressed={selected?.id === t.id} onClick={() => select(t)}>
          Prices
        </Button>
      ),
    },
  ];
}

/** Price tiers: a markup over cost (percent in the form, basis points on the wire), per-model prices, or both. */
export function TiersPage() {
  const tiers = useTiers();
  const [selected, setSelected] = useState<Tier | null>(null);
  const columns = tierColumns(selected, setSelected);

  return (
    <Page title="Tiers">
      <NewTierForm onCreated={setSelected} />
      <ErrorBanner error={tiers.error} />
      {tiers.isPending ? (
        <Loading />
      ) : tiers.data ? (
        <Table caption="Tiers" hideCaption columns={columns} rows={tiers.data} rowKey={(t) => t.id} empty="No tiers yet." />
      ) : null}
      {selected ? <TierPrices key={selected.id} tier={selected} /> : null}
    </Page>
  );
}
