import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { utcMonth } from '../../ui/format';
import { adminApi, seg } from '../api';
import { parseMicros } from '../money-input';
import type { Refund } from '../types';
import { tenantKey } from './queries';
import { RefundDone } from './RefundDone';

type Basis = 'requests' | 'amount';
type RefundFormState = { ids: string; month: string; amount: string; zone: string; reason: string };
type Edit = (field: keyof RefundFormState) => (e: { target: { value: string } }) => void;

/** Request ids typed with commas, spaces or new lines between them. */
const idsOf = (text: string): string[] => [...new Set(text.split(/[\s,]+/).filter(Boolean))];

/** A new idempotency key per refund: a retry of the same submission (after an error) reuses it, any edit drops it. */
const newKey = (): string => `console-${crypto.randomUUID()}`;

function useRefund(tenantId: string, onDone: (refund: Refund) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => adminApi<Refund>('billing', `/admin/tenants/${seg(tenantId)}/refunds`, { method: 'POST', body }),
    onSuccess: (res) => {
      onDone(res);
      for (const part of ['balance', 'ledger']) void queryClient.invalidateQueries({ queryKey: tenantKey(tenantId, part) });
    },
  });
}

/** The refund form's state: what to refund, its validity, and a submit that keeps one idempotency key across retries. */
function useRefundForm(tenantId: string, timeZone: string) {
  const [basis, setBasis] = useState<Basis>('requests');
  const [form, setForm] = useState<RefundFormState>({ ids: '', month: utcMonth(new Date()), amount: '', zone: timeZone, reason: '' });
  const [idempotencyKey, setIdempotencyKey] = useState<string | null>(null);
  const [done, setDone] = useState<Refund | null>(null);
  const micros = parseMicros(form.amount);
  const ids = idsOf(form.ids);
  const valid = form.reason.trim() !== '' && (basis === 'requests' ? ids.length > 0 : !!micros && /^\d{4}-\d{2}$/.test(form.month));
  const refund = useRefund(tenantId, (res) => {
    setDone(res);
    setIdempotencyKey(null);
    setForm((f) => ({ ...f, ids: '', amount: '', reason: '' }));
  });

  const edit: Edit = (field) => (e) => {
    setIdempotencyKey(null);
    setForm((f) => ({ ...f, [field]: e.target.value }));
  };
  const choose = (b: Basis) => (setBasis(b), setIdempotencyKey(null));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (!valid) return;
    const key = idempotencyKey ?? newKey();
    setIdempotencyKey(key);
    const target = basis === 'requests' ? { requestIds: ids } : { month: form.month, timeZone: form.zone.trim() || 'UTC', amountMicros: micros };
    refund.mutate({ ...target, reason: form.reason.trim(), idempotencyKey: key });
  };
  return { basis, form, micros, valid, done, refund, edit, choose, submit };
}

/** Refunds calls by request id, or an amount against a statement month; the reason is required and kept on the credit note. */
export function RefundsPanel({ tenantId, timeZone }: { tenantId: string; timeZone: string }) {
  const { basis, form, micros, valid, done, refund, edit, choose, submit } = useRefundForm(tenantId, timeZone);

  return (
    <section className="panel section" aria-labelledby="refund-title">
      <h2 id="refund-title">Refund</h2>
      <form onSubmit={submit} aria-label="Make a refund">
        <ErrorBanner error={refund.error} />
        {done ? <RefundDone tenantId={tenantId} refund={done} timeZone={timeZone} /> : null}
        <BasisChoice basis={basis} onChange={choose} />
        <div className="form-grid form-grid-inline">
          {basis === 'requests' ? (
            <Field
              label="Request ids"
              required
              autoComplete="off"
              value={form.ids}
              onChange={edit('ids')}
              hint="From the request log, separated by commas or spaces; each call is refunded what it was charged."
            />
          ) : (
            <AmountFields form={form} edit={edit} micros={micros} />
          )}
          <Field
            label="Reason for the refund"
            required
            maxLength={500}
            autoComplete="off"
            value={form.reason}
            onChange={edit('reason')}
            hint="Printed on the credit note."
          />
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

function BasisChoice({ basis, onChange }: { basis: Basis; onChange: (basis: Basis) => void }) {
  return (
    <fieldset className="checks">
      <legend>Refund what</legend>
      {(['requests', 'amount'] as const).map((b) => (
        <label key={b} className="check">
          <input type="radio" name="refund-basis" value={b} checked={basis === b} onChange={() => onChange(b)} />{' '}
          {b === 'requests' ? 'Calls, by request id' : 'An amount against a month'}
        </label>
      ))}
    </fieldset>
  );
}

function AmountFields({ form, edit, micros }: { form: RefundFormState; edit: Edit; micros: number | null }) {
  return (
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
  );
}
