import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { adminApi } from '../api';
import { parsePercentBp } from '../money-input';
import type { Tier } from '../types';
import { TIERS_KEY } from './queries';

const EMPTY = { name: '', description: '', markup: '' };

function useCreateTier(onCreated: (tier: Tier) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; description: string | null; markupBp: number | null }) =>
      adminApi<Tier>('billing', '/admin/tiers', { method: 'POST', body }),
    onSuccess: (tier) => {
      onCreated(tier);
      void queryClient.invalidateQueries({ queryKey: TIERS_KEY });
    },
  });
}

/** "New tier": a markup over cost (percent in the form, basis points on the wire), per-model prices, or both. */
export function NewTierForm({ onCreated }: { onCreated: (tier: Tier) => void }) {
  const [form, setForm] = useState(EMPTY);
  const markupBp = form.markup.trim() ? parsePercentBp(form.markup) : null;
  const markupError = form.markup.trim() && markupBp === null ? 'A percentage with at most 2 decimals, e.g. 25 or 12.5.' : null;
  const create = useCreateTier((tier) => {
    setForm(EMPTY);
    onCreated(tier);
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.name.trim() && !markupError) create.mutate({ name: form.name.trim(), description: form.description.trim() || null, markupBp });
  };
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  return (
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
  );
}
