import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { adminApi } from '../api';
import { parseMicros } from '../money-input';
import type { Price } from '../types';

export const PRICES_KEY = ['prices'] as const;
const EMPTY = { model: '', provider: '', upstreamModel: '', input: '', cached: '', output: '', maxOutputTokens: '', effectiveFrom: '' };
type PriceFormState = typeof EMPTY;

const microsHint = (text: string) => {
  const micros = parseMicros(text);
  return micros === null ? 'Per million tokens, in currency units (e.g. 2.50).' : `${micros.toLocaleString('en-US')} micro-units per million tokens`;
};
const moneyError = (text: string) => (text.trim() && parseMicros(text) === null ? 'A number with at most 6 decimals.' : null);

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

/** "Add a price": typed in currency units, sent as the integer micro-units billing stores. */
export function NewPriceForm() {
  const [form, setForm] = useState(EMPTY);
  const create = useCreatePrice(() => setForm(EMPTY));
  const body = priceBody(form);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (body) create.mutate(body);
  };
  const set = (field: keyof PriceFormState) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-price-title">
      <h2 id="new-price-title">Add a price</h2>
      <ErrorBanner error={create.error} />
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
      <div className="form-grid form-grid-inline">
        <Field
          label="Input per million tokens"
          inputMode="decimal"
          required
          autoComplete="off"
          value={form.input}
          onChange={set('input')}
          error={moneyError(form.input)}
          hint={microsHint(form.input)}
        />
        <Field
          label="Cached input per million tokens"
          inputMode="decimal"
          autoComplete="off"
          value={form.cached}
          onChange={set('cached')}
          error={moneyError(form.cached)}
          hint={form.cached ? microsHint(form.cached) : 'Empty: the input price.'}
        />
        <Field
          label="Output per million tokens"
          inputMode="decimal"
          required
          autoComplete="off"
          value={form.output}
          onChange={set('output')}
          error={moneyError(form.output)}
          hint={microsHint(form.output)}
        />
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
