import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { formatDateTime } from '../../ui/format';
import { formatMicros } from '../../ui/money';
import { Page } from '../../ui/Page';
import { Table, type Column } from '../../ui/Table';
import { adminApi } from '../api';
import { parseMicros } from '../money-input';
import type { Price } from '../types';

const PRICES_KEY = ['prices'] as const;
const EMPTY = { model: '', provider: '', upstreamModel: '', input: '', cached: '', output: '', maxOutputTokens: '', effectiveFrom: '' };

/** A per-million price in both forms: currency units and the integer micro-units billing stores. */
function PerMillion({ micros }: { micros: number }) {
  return (
    <span className="nowrap">
      {formatMicros(micros)} <span className="muted">({micros.toLocaleString('en-US')} µ)</span>
    </span>
  );
}

const microsHint = (text: string) => {
  const micros = parseMicros(text);
  return micros === null ? 'Per million tokens, in currency units (e.g. 2.50).' : `${micros.toLocaleString('en-US')} micro-units per million tokens`;
};

/** Prices (billing's): effective-dated and never rewritten, so a new price is a new row from its date on. */
export function PricesPage() {
  const queryClient = useQueryClient();
  const prices = useQuery({ queryKey: PRICES_KEY, queryFn: ({ signal }) => adminApi<{ data: Price[] }>('billing', '/admin/prices', { signal }), select: (l) => l.data });
  const [form, setForm] = useState(EMPTY);
  const input = parseMicros(form.input);
  const cached = form.cached.trim() ? parseMicros(form.cached) : input;
  const output = parseMicros(form.output);
  const valid = form.model.trim() !== '' && input !== null && cached !== null && output !== null;

  const create = useMutation({
    mutationFn: () =>
      adminApi<Price>('billing', '/admin/prices', {
        method: 'POST',
        body: {
          model: form.model.trim(),
          ...(form.provider.trim() ? { provider: form.provider.trim() } : {}),
          ...(form.upstreamModel.trim() ? { upstreamModel: form.upstreamModel.trim() } : {}),
          inputPerMillion: input,
          cachedInputPerMillion: cached,
          outputPerMillion: output,
          ...(form.maxOutputTokens.trim() ? { maxOutputTokens: Number(form.maxOutputTokens) } : {}),
          ...(form.effectiveFrom ? { effectiveFrom: new Date(form.effectiveFrom).toISOString() } : {}),
        },
      }),
    onSuccess: () => {
      setForm(EMPTY);
      void queryClient.invalidateQueries({ queryKey: PRICES_KEY });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid) create.mutate();
  };
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));
  const moneyError = (text: string) => (text.trim() && parseMicros(text) === null ? 'A number with at most 6 decimals.' : null);

  const columns: Column<Price>[] = [
    { header: 'Model', cell: (p) => <code>{p.model}</code> },
    { header: 'Provider', cell: (p) => p.provider ?? <span className="muted">Any</span> },
    { header: 'Upstream model', cell: (p) => (p.upstreamModel ? <code>{p.upstreamModel}</code> : <span className="muted">Any</span>) },
    { header: 'Input / 1M', numeric: true, cell: (p) => <PerMillion micros={p.inputPerMillion} /> },
    { header: 'Cached input / 1M', numeric: true, cell: (p) => <PerMillion micros={p.cachedInputPerMillion} /> },
    { header: 'Output / 1M', numeric: true, cell: (p) => <PerMillion micros={p.outputPerMillion} /> },
    { header: 'Max output', numeric: true, cell: (p) => p.maxOutputTokens.toLocaleString('en-US') },
    { header: 'Effective from', cell: (p) => <span className="nowrap">{formatDateTime(p.effectiveFrom)}</span> },
  ];

  return (
    <Page title="Prices">
      <form className="panel" onSubmit={submit} aria-labelledby="new-price-title">
        <h2 id="new-price-title">Add a price</h2>
        <ErrorBanner error={create.error} />
        <div className="form-grid form-grid-inline">
          <Field label="Model" required maxLength={200} autoComplete="off" value={form.model} onChange={set('model')} hint="The name callers send (an alias included)." />
          <Field label="Provider (optional)" maxLength={200} autoComplete="off" value={form.provider} onChange={set('provider')} hint="Only for calls routed to this provider." />
          <Field label="Upstream model (optional)" maxLength={200} autoComplete="off" value={form.upstreamModel} onChange={set('upstreamModel')} />
        </div>
        <div className="form-grid form-grid-inline">
          <Field label="Input per million tokens" inputMode="decimal" required autoComplete="off" value={form.input} onChange={set('input')} error={moneyError(form.input)} hint={microsHint(form.input)} />
          <Field label="Cached input per million tokens" inputMode="decimal" autoComplete="off" value={form.cached} onChange={set('cached')} error={moneyError(form.cached)} hint={form.cached ? microsHint(form.cached) : 'Empty: the input price.'} />
          <Field label="Output per million tokens" inputMode="decimal" required autoComplete="off" value={form.output} onChange={set('output')} error={moneyError(form.output)} hint={microsHint(form.output)} />
          <Field label="Max output tokens (optional)" type="number" min={1} max={10_000_000} value={form.maxOutputTokens} onChange={set('maxOutputTokens')} hint="Assumed for the credit hold; default 4096." />
          <Field label="Effective from (optional)" type="datetime-local" value={form.effectiveFrom} onChange={set('effectiveFrom')} hint="Your local time; empty: now." />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={create.isPending} disabled={!valid}>
              Add price
            </Button>
          </div>
        </div>
      </form>
      <ErrorBanner error={prices.error} />
      {prices.data ? <Table caption="Prices" hideCaption columns={columns} rows={prices.data} rowKey={(p) => p.id} empty="No prices yet." /> : null}
    </Page>
  );
}
