import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { formatMicros } from '../../ui/money';
import { parseMicros } from '../money-input';
import { PerMillionFields } from './PerMillionFields';

const EMPTY = { model: '', input: '', cached: '', output: '', effectiveFrom: '' };

/** The body of a price (billing's CreatePriceDto): integer micro-units per million tokens. */
export interface PriceBody {
  model: string;
  inputPerMillion: number;
  cachedInputPerMillion: number;
  outputPerMillion: number;
  effectiveFrom?: string;
}

/** A per-million price in both forms: currency units and the integer micro-units billing stores. */
export function PerMillion({ micros }: { micros: number }) {
  return (
    <span className="nowrap">
      {formatMicros(micros)} <span className="muted">({micros.toLocaleString('en-US')} µ)</span>
    </span>
  );
}

/** Model and per-million prices, typed in currency units and sent as micro-units; cleared after `onSubmit` resolves. */
export function PriceForm({
  label,
  submitLabel,
  busy,
  onSubmit,
}: {
  label: string;
  submitLabel: string;
  busy: boolean;
  onSubmit: (body: PriceBody) => Promise<unknown>;
}) {
  const [form, setForm] = useState(EMPTY);
  const input = parseMicros(form.input);
  const cached = form.cached.trim() ? parseMicros(form.cached) : input;
  const output = parseMicros(form.output);
  const valid = form.model.trim() !== '' && input !== null && cached !== null && output !== null;
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    const body: PriceBody = { model: form.model.trim(), inputPerMillion: input, cachedInputPerMillion: cached, outputPerMillion: output };
    if (form.effectiveFrom) body.effectiveFrom = new Date(form.effectiveFrom).toISOString();
    void onSubmit(body).then(
      () => setForm(EMPTY),
      () => undefined,
    );
  };

  return (
    <form onSubmit={submit} aria-label={label}>
      <div className="form-grid form-grid-inline">
        <Field label="Model" required maxLength={200} autoComplete="off" value={form.model} onChange={set('model')} />
        <PerMillionFields form={form} set={set} />
        <Field
          label="Effective from (optional)"
          type="datetime-local"
          value={form.effectiveFrom}
          onChange={set('effectiveFrom')}
          hint="Your local time; empty: now."
        />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy} disabled={!valid}>
            {submitLabel}
          </Button>
        </div>
      </div>
    </form>
  );
}
