import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/api';
import { useLocation } from '../router';
import { Button } from '../ui/Button';
import { ErrorBanner, Notice } from '../ui/ErrorBanner';
import { Field } from '../ui/Field';
import { parseMoneyToMicros } from '../ui/money';

/** `POST /me/billing/top-ups` answer (docs/me-api.md). */
export interface TopUpResponse {
  id: string;
  provider: 'stripe';
  url: string;
  amount_micros: number;
  currency: string;
  expires_at: string | null;
}

export const PAYMENTS_NOT_SET_UP = 'Payments are not set up; ask your operator to configure a payment provider, or to top up your balance by arrangement.';

/**
 * "Top up": an amount in currency units, turned into integer micro-units on its digits, then the
 * browser goes to the payment provider's page. The balance changes only when the provider confirms
 * the payment (its webhook), never here.
 */
export function TopUpForm({ currency }: { currency: string }) {
  const [amount, setAmount] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: (amountMicros: number) => api<TopUpResponse>('/me/billing/top-ups', { method: 'POST', body: { amount_micros: amountMicros } }),
    onSuccess: (topUp) => window.location.assign(topUp.url),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const micros = parseMoneyToMicros(amount);
    if (micros === null || micros <= 0n) return setFieldError(`Enter an amount in ${currency}, e.g. 25 or 19.99.`);
    if (micros > BigInt(Number.MAX_SAFE_INTEGER)) return setFieldError('That amount is too large.');
    setFieldError(null);
    start.mutate(Number(micros));
  };

  const err = start.error;
  const unavailable = err instanceof ApiError && err.status === 501;
  // Billing's refusal names the API field ("'amount_micros' must be at least …"); a person typed an amount.
  const amountError = fieldError ?? (err instanceof ApiError && err.param === 'amount_micros' ? err.message.replace(/^'amount_micros' /, 'The amount ') : null);
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="top-up-title" noValidate>
      <h2 id="top-up-title">Top up</h2>
      {unavailable ? (
        <div className="banner banner-error" role="alert">
          {PAYMENTS_NOT_SET_UP}
        </div>
      ) : amountError ? null : (
        <ErrorBanner error={err} />
      )}
      <div className="toolbar toolbar-inline">
        <Field
          label="Amount"
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={amountError}
          hint={`In ${currency}. You pay on the payment provider's page; the balance updates when the payment is confirmed.`}
        />
        <Button type="submit" variant="primary" busy={start.isPending || start.isSuccess}>
          Continue to payment
        </Button>
      </div>
    </form>
  );
}

/** After the provider sends the customer back: `?top_up=success` or `?top_up=cancel`. */
export function TopUpReturnNotice() {
  const result = useLocation().query.get('top_up');
  if (result === 'success') return <Notice>Thank you. Your balance will update when the payment is confirmed, usually within a minute.</Notice>;
  if (result === 'cancel') return <Notice>The top-up was cancelled; nothing was charged.</Notice>;
  return null;
}
