import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner, Notice } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { utcMonth } from '../../ui/format';
import { formatMicros } from '../../ui/money';
import { adminApi, seg } from '../api';
import { parseMicros } from '../money-input';
import type { Refund } from '../types';
import { tenantKey } from './queries';

type Basis = 'requests' | 'amount';

/** Request ids typed with commas, spaces or new lines between them. */
const idsOf = (text: string): string[] => [...new Set(text.split(/[\s,]+/).filter(Boolean))];

/** The statement month (YYYY-MM) an instant falls in, in `zone`. */
function monthIn(iso: string, zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' }).format(new Date(iso)).slice(0, 7);
  } catch {
    return utcMonth(new Date(iso));
  }
}

/** A new idempotency key per refund: a retry of the same submission (after an error) reuses it, any edit drops it. */
const newKey = (): string => `console-${crypto.randomUUID()}`;

function RefundDone({ tenantId, refund, timeZone }: { tenantId: string; refund: Refund; timeZone: string }) {
  const zone = refund.timeZone ?? timeZone;
  const month = refund.period ?? monthIn(refund.createdAt, zone);
  const pdf = `/console-api/billing/admin/tenants/${seg(tenantId)}/statements/${month}?format=pdf&time_zone=${encodeURIComponent(zone)}`;
  const note = refund.creditNote ? `/console-api/billing/admin/tenants/${seg(tenantId)}/invoices/${seg(refund.creditNote.id)}/pdf` : null;
  return (
    <Notice>
      Refunded {formatMicros(refund.amountMicros, { currency: refund.currency })}
      {refund.replayed ? ' (already made: this is the first answer)' : ''}. Credit note <strong>{refund.creditNote?.number ?? '—'}</strong>.{' '}
      {note && (
        <>
          <a href={note} target="_blank" rel="noreferrer">
            Credit note {refund.creditNote?.number} (PDF)
          </a>
          {' · '}
        </>
      )}
      <a href={pdf} target="_blank" rel="noreferrer">
        Statement PDF for {month} (lists the credit note)
      </a>
    </Notice>
  );
}

/** Refunds calls by request id, or an amount against a statement month; the reason is required and kept on the credit note. */
export function RefundsPanel({ tenantId, timeZone }: { tenantId: string; timeZone: string }) {
  const queryClient = useQueryClient();
  const [basis, setBasis] = useState<Basis>('requests');
  const [form, setForm] = useState({ ids: '', month: utcMonth(new Date()), amount: '', zone: timeZone, reason: '' });
  const [idempotencyKey, setIdempotencyKey] = useState<string | null>(null);
  const [done, setDone] = useState<Refund | null>(null);
  const micros = parseMicros(form.amount);
  const ids = idsOf(form.ids);
  const valid = form.reason.trim() !== '' && (basis === 'requests' ? ids.length > 0 : !!micros && /^\d{4}-\d{2}$/.test(form.month));

  const refund = useMutation({
    mutationFn: (key: string) => {
      const target = basis === 'requests' ? { requestIds: ids } : { month: form.month, timeZone: form.zone.trim() || 'UTC', amountMicros: micros };
      return adminApi<Refund>('billing', `/admin/tenants/${seg(tenantId)}/refunds`, { method: 'POST', body: { ...target, reason: form.reason.trim(), idempotencyKey: key } });
    },
    onSuccess: (res) => {
      setDone(res);
      setIdempotencyKey(null);
      setForm((f) => ({ ...f, ids: '', amount: '', reason: '' }));
      for (const part of ['balance', 'ledger']) void queryClient.invalidateQueries({ queryKey: tenantKey(tenantId, part) });
    },
  });

  const edit = (field: keyof typeof form) => (e: { target: { value: string } }) => {
    setIdempotencyKey(null);
    setForm((f) => ({ ...f, [field]: e.target.value }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (!valid) return;
    const key = idempotencyKey ?? newKey();
    setIdempotencyKey(key);
    refund.mutate(key);
  };

  return (
    <section className="panel section" aria-labelledby="refund-title">
      <h2 id="refund-title">Refund</h2>
      <form onSubmit={submit} aria-label="Make a refund">
        <ErrorBanner error={refund.error} />
        {done ? <RefundDone tenantId={tenantId} refund={done} timeZone={timeZone} /> : null}
        <fieldset className="checks">
          <legend>Refund what</legend>
          {(['requests', 'amount'] as const).map((b) => (
            <label key={b} className="check">
              <input type="radio" name="refund-basis" value={b} checked={basis === b} onChange={() => (setBasis(b), setIdempotencyKey(null))} />{' '}
              {b === 'requests' ? 'Calls, by request id' : 'An amount against a month'}
            </label>
          ))}
        </fieldset>
        <div className="form-grid form-grid-inline">
          {basis === 'requests' ? (
            <Field label="Request ids" required autoComplete="off" value={form.ids} onChange={edit('ids')} hint="From the request log, separated by commas or spaces; each call is refunded what it was charged." />
          ) : (
            <>
              <Field label="Statement month" type="month" required value={form.month} onChange={edit('month')} />
              <Field label="Time zone of the month" autoComplete="off" value={form.zone} onChange={edit('zone')} hint="IANA name; the tenant's by default." />
              <Field
                label="Amount to refund (USD)"
                inputMode="decimal"
                required
                autoComplete="off"
                value={form.amount}
                onChange={edit('amount')}
                error={form.amount.trim() && !micros ? 'A positive amount with at most 6 decimals.' : null}
                hint={micros ? `${micros.toLocaleString('en-US')} micro-units` : "At most the month's charges minus its refunds."}
              />
            </>
          )}
          <Field label="Reason for the refund" required maxLength={500} autoComplete="off" value={form.reason} onChange={edit('reason')} hint="Printed on the credit note." />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={refund.isPending} disabled={!valid}>
              Refund
            </Button>
          </div>
        </div>
      </form>
    </section>
  );
}
