import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { formatDate } from '../../ui/format';
import { Loading, Page } from '../../ui/Page';
import { Table, type Column } from '../../ui/Table';
import { adminApi } from '../api';
import { formatBp, parsePercentBp } from '../money-input';
import type { Tier } from '../types';
import { TIERS_KEY, useTiers } from './queries';
import { TierPrices } from './TierPrices';

/** Price tiers: a markup over cost (percent in the form, basis points on the wire), per-model prices, or both. */
export function TiersPage() {
  const queryClient = useQueryClient();
  const tiers = useTiers();
  const [form, setForm] = useState({ name: '', description: '', markup: '' });
  const [selected, setSelected] = useState<Tier | null>(null);
  const markupBp = form.markup.trim() ? parsePercentBp(form.markup) : null;
  const markupError = form.markup.trim() && markupBp === null ? 'A percentage with at most 2 decimals, e.g. 25 or 12.5.' : null;

  const create = useMutation({
    mutationFn: () =>
      adminApi<Tier>('billing', '/admin/tiers', { method: 'POST', body: { name: form.name.trim(), description: form.description.trim() || null, markupBp } }),
    onSuccess: (tier) => {
      setForm({ name: '', description: '', markup: '' });
      setSelected(tier);
      void queryClient.invalidateQueries({ queryKey: TIERS_KEY });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.name.trim() && !markupError) create.mutate();
  };
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  const columns: Column<Tier>[] = [
    { header: 'Name', cell: (t) => <strong>{t.name}</strong> },
    { header: 'Markup', numeric: true, cell: (t) => (t.markupBp === null ? <span className="muted">None</span> : `${formatBp(t.markupBp)} % (${t.markupBp} bp)`) },
    { header: 'Description', cell: (t) => t.description ?? '—' },
    { header: 'Created', cell: (t) => <span className="nowrap">{formatDate(t.createdAt)}</span> },
    {
      header: <span className="visually-hidden">Actions</span>,
      cell: (t) => (
        <Button small aria-label={`Prices of tier ${t.name}`} aria-pressed={selected?.id === t.id} onClick={() => setSelected(t)}>
          Prices
        </Button>
      ),
    },
  ];

  return (
    <Page title="Tiers">
      <form className="panel" onSubmit={submit} aria-labelledby="new-tier-title">
        <h2 id="new-tier-title">New tier</h2>
        <ErrorBanner error={create.error} />
        <div className="form-grid form-grid-inline">
          <Field label="Tier name" required maxLength={100} autoComplete="off" value={form.name} onChange={set('name')} />
          <Field label="Description (optional)" maxLength={500} autoComplete="off" value={form.description} onChange={set('description')} />
          <Field
            label="Markup over cost (%)"
            inputMode="decimal"
            autoComplete="off"
            value={form.markup}
            onChange={set('markup')}
            error={markupError}
            hint={markupBp !== null ? `${markupBp.toLocaleString('en-US')} basis points; fixed once created.` : 'Empty: per-model prices only.'}
          />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={create.isPending} disabled={!form.name.trim() || !!markupError}>
              Create tier
            </Button>
          </div>
        </div>
      </form>
      <ErrorBanner error={tiers.error} />
      {tiers.isPending ? <Loading /> : tiers.data ? <Table caption="Tiers" hideCaption columns={columns} rows={tiers.data} rowKey={(t) => t.id} empty="No tiers yet." /> : null}
      {selected ? <TierPrices key={selected.id} tier={selected} /> : null}
    </Page>
  );
}
