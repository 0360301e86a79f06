import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner, Notice } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { formatMicros } from '../../ui/money';
import { adminApi, seg } from '../api';
import { parseMicros } from '../money-input';
import { tenantKey } from './queries';

function useCredit(tenantId: string, onDone: (amountMicros: number) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ amountMicros, reason }: { amountMicros: number; reason: string }) =>
      adminApi('billing', `/admin/tenants/${seg(tenantId)}/credits`, { method: 'POST', body: { amountMicros, reason } }),
    onSuccess: (_res, { amountMicros }) => {
      onDone(amountMicros);
      void queryClient.invalidateQueries({ queryKey: tenantKey(tenantId, 'balance') });
      void queryClient.invalidateQueries({ queryKey: tenantKey(tenantId, 'ledger') });
    },
  });
}

/** "Credit the tenant": an amount and a required reason, audited as this admin. */
export function CreditForm({ tenantId, currency }: { tenantId: string; currency: string }) {
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const micros = parseMicros(amount);
  const credit = useCredit(tenantId, (amountMicros) => {
    setDone(`Credited ${formatMicros(amountMicros, { currency })}.`);
    setAmount('');
    setReason('');
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (micros !== null && micros > 0) credit.mutate({ amountMicros: micros, reason: reason.trim() });
  };
  const amountError = amount.trim() && (micros === null || micros === 0) ? 'A positive amount with at most 6 decimals, e.g. 25 or 12.50.' : null;

  return (
    <form onSubmit={submit} aria-labelledby="credit-title">
      <h3 id="credit-title">Credit the tenant</h3>
      <ErrorBanner error={credit.error} />
      {done ? <Notice>{done}</Notice> : null}
      <div className="form-grid form-grid-inline">
        <Field
          label={`Amount (${currency})`}
          inputMode="decimal"
          required
          autoComplete="off"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={amountError}
          hint={micros ? `${micros.toLocaleString('en-US')} micro-units` : 'In currency units, e.g. 25 or 12.50.'}
        />
        <Field
          label="Reason"
          required
          maxLength={500}
          autoComplete="off"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          hint="Kept on the ledger with your name."
        />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={credit.isPending} disabled={!micros || !reason.trim()}>
            Credit
          </Button>
        </div>
      </div>
    </form>
  );
}
