import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner, Notice } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { formatDateTime } from '../../ui/format';
import { formatMicros } from '../../ui/money';
import { adminApi, seg } from '../api';
import { parseMicros } from '../money-input';
import type { PromoGrant } from '../types';
import { tenantKey } from './queries';

const EMPTY = { amount: '', expires: '', reason: '' };

interface GrantBody {
  amountMicros: number;
  expiresAt: string;
  reason: string;
  idempotencyKey: string;
}

function useGrantPromotion(tenantId: string, onDone: (grant: PromoGrant) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: GrantBody) => adminApi<PromoGrant>('billing', `/admin/tenants/${seg(tenantId)}/promotions`, { method: 'POST', body }),
    onSuccess: (res) => {
      onDone(res);
      for (const part of ['promotions', 'balance', 'ledger']) void queryClient.invalidateQueries({ queryKey: tenantKey(tenantId, part) });
    },
  });
}

/** "Grant promotional credit": a retry of the same submission reuses its idempotency key, any edit drops it. */
export function PromotionForm({ tenantId }: { tenantId: string }) {
  const [form, setForm] = useState(EMPTY);
  const [idempotencyKey, setIdempotencyKey] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const micros = parseMicros(form.amount);
  const valid = !!micros && form.expires !== '' && form.reason.trim() !== '';
  const grant = useGrantPromotion(tenantId, (res) => {
    setDone(`Granted ${formatMicros(res.amountMicros)} until ${formatDateTime(res.expiresAt)}.`);
    setIdempotencyKey(null);
    setForm(EMPTY);
  });

  const edit = (field: keyof typeof form) => (e: { target: { value: string } }) => {
    setIdempotencyKey(null);
    setForm((f) => ({ ...f, [field]: e.target.value }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (!valid || !micros) return;
    const key = idempotencyKey ?? `console-${crypto.randomUUID()}`;
    setIdempotencyKey(key);
    grant.mutate({ amountMicros: micros, expiresAt: new Date(form.expires).toISOString(), reason: form.reason.trim(), idempotencyKey: key });
  };

  return (
    <form onSubmit={submit} aria-label="Grant promotional credit">
      <ErrorBanner error={grant.error} />
      {done ? <Notice>{done}</Notice> : null}
      <div className="form-grid form-grid-inline">
        <Field
          label="Promotion amount (USD)"
          inputMode="decimal"
          required
          autoComplete="off"
          value={form.amount}
          onChange={edit('amount')}
          error={form.amount.trim() && !micros ? 'A positive amount with at most 6 decimals.' : null}
          hint={micros ? `${micros.toLocaleString('en-US')} micro-units` : 'In currency units, e.g. 10.'}
        />
        <Field label="Expires at" type="datetime-local" required value={form.expires} onChange={edit('expires')} hint="Your local time." />
        <Field label="Promotion reason" required maxLength={500} autoComplete="off" value={form.reason} onChange={edit('reason')} />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={grant.isPending} disabled={!valid}>
            Grant promotion
          </Button>
        </div>
      </div>
    </form>
  );
}
