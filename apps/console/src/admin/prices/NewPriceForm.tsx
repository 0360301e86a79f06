import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { adminApi } from '../api';
import { parseMicros } from '../money-input';
import { PerMillionFields } from '../pricing/PerMillionFields';
import type { Price } from '../types';

export const PRICES_KEY = ['prices'] as const;
const EMPTY = { model: '', provider: '', upstreamModel: '', input: '', cached: '', output: '', maxOutputTokens: '', effectiveFrom: '' };
type PriceFormState = typeof EMPTY;

/** The form in micro-units; null while a price is missing or malformed. */
function priceBody(form: PriceFormState) {
  const input = parseMicros(form.input);
  const cached = form.cached.trim() ? parseMicros(form.cached) : input;
  const output = parseMicros(form.output);
  if (form.model.trim() === '' || input === null || cached === null || output === null) return null;
  return {
    model: form.model.trim(),
    ...(form.provider.trim() ? { provider: form.provider.trim() } : {}),
    ...(form.upstreamModel.trim() ? { upstreamModel: form.upstreamModel.trim() } : {}),
    inputPerMillion: input,
    cachedInputPerMillion: cached,
    outputPerMillion: output,
    ...(form.maxOutputTokens.trim() ? { maxOutputTokens: Number(form.maxOutputTokens) } : {}),
    ...(form.effectiveFrom ? { effectiveFrom: new Date(form.effectiveFrom).toISOString() } : {}),
  };
}

function useCreatePrice(onDone: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NonNullable<ReturnType<typeof priceBody>>) => adminApi<Price>('billing', '/admin/prices', { method: 'POST', body }),
    onSuccess: () => {
      onDone();
      void queryClient.invalidateQueries({ queryKey: PRICES_KEY });
    },
  });
}

type SetField = (field: keyof PriceFormState) => (e: { target: { value: string } }) => void;

/** Which calls the price is for: the model callers send, optionally narrowed to a provider and its upstream model. */
function ModelFields({ form, set }: { form: PriceFormState; set: SetField }) {
  return (
    <div className="form-grid form-grid-inline">
      <Field
        label="Model"
        required
        maxLength={200}
        autoComplete="off"
        value={form.model}
        onChange={set('model')}
        hint="The name callers send (an alias included)."
      />
      <Field
        label="Provider (optional)"
        maxLength={200}
        autoComplete="off"
        value={form.provider}
        onChange={set('provider')}
        hint="Only for calls routed to this provider."
      />
      <Field label="Upstream model (optional)" maxLength={200} autoComplete="off" value={form.upstreamModel} onChange={set('upstreamModel')} />
    </div>
  );
}

/** "Add a price": typed in currency units, sent as the integer micro-units billing stores. */
export function NewPriceForm() {
  const [form, setForm] = useState(EMPTY);
  const create = useCreatePrice(() => setForm(EMPTY));
  const body = priceBody(form);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (body) create.mutate(body);
  };
  const set: SetField = (field) => (e) => setForm((f) => ({ ...f, [field]: e.target.value }));

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-price-title">
      <h2 id="new-price-title">Add a price</h2>
      <ErrorBanner error={create.error} />
      <ModelFields form={form} set={set} />
      <div className="form-grid form-grid-inline">
        <PerMillionFields form={form} set={set} />
        <Field
          label="Max output tokens (optional)"
          type="number"
          min={1}
          max={10_000_000}
          value={form.maxOutputTokens}
          onChange={set('maxOutputTokens')}
          hint="Assumed for the credit hold; default 4096."
        />
        <Field
          label="Effective from (optional)"
          type="datetime-local"
          value={form.effectiveFrom}
          onChange={set('effectiveFrom')}
          hint="Your local time; empty: now."
        />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={create.isPending} disabled={!body}>
            Add price
          </Button>
        </div>
      </div>
    </form>
  );
}
