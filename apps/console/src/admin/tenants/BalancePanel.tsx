import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner, Notice } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { formatDateTime } from '../../ui/format';
import { formatMicros } from '../../ui/money';
import { Loading } from '../../ui/Page';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import { parseMicros } from '../money-input';
import type { Balance, LedgerEntry } from '../types';
import { tenantKey } from './queries';

/** The balance, a credit with a required reason (audited as this admin), the latest ledger entries. */
export function BalancePanel({ tenantId }: { tenantId: string }) {
  const queryClient = useQueryClient();
  const base = `/admin/tenants/${seg(tenantId)}`;
  const balance = useQuery({ queryKey: tenantKey(tenantId, 'balance'), queryFn: ({ signal }) => adminApi<Balance>('billing', `${base}/balance`, { signal }) });
  const ledger = useQuery({
    queryKey: tenantKey(tenantId, 'ledger'),
    queryFn: ({ signal }) => adminApi<{ data: LedgerEntry[] }>('billing', `${base}/ledger`, { signal, query: { limit: 20 } }),
    select: (l) => l.data,
  });
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const micros = parseMicros(amount);
  const currency = balance.data?.currency ?? 'USD';

  const credit = useMutation({
    mutationFn: (amountMicros: number) => adminApi('billing', `${base}/credits`, { method: 'POST', body: { amountMicros, reason: reason.trim() } }),
    onSuccess: (_res, amountMicros) => {
      setDone(`Credited ${formatMicros(amountMicros, { currency })}.`);
      setAmount('');
      setReason('');
      void queryClient.invalidateQueries({ queryKey: tenantKey(tenantId, 'balance') });
      void queryClient.invalidateQueries({ queryKey: tenantKey(tenantId, 'ledger') });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (micros !== null && micros > 0) credit.mutate(micros);
  };
  const amountError = amount.trim() && (micros === null || micros === 0) ? 'A positive amount with at most 6 decimals, e.g. 25 or 12.50.' : null;

  const columns: Column<LedgerEntry>[] = [
    { header: 'When', cell: (l) => <span className="nowrap">{formatDateTime(l.at)}</span> },
    { header: 'Kind', cell: (l) => l.kind },
    { header: 'Amount', numeric: true, cell: (l) => formatMicros(l.amountMicros, { currency }) },
    { header: 'Reason', cell: (l) => l.reason ?? l.reference ?? l.requestId ?? '—' },
    { header: 'By', cell: (l) => <code>{l.actor}</code> },
  ];

  return (
    <section className="panel" aria-labelledby="balance-title">
      <h2 id="balance-title">Balance</h2>
      <ErrorBanner error={balance.error} />
      {balance.data ? (
        <p className={`balance-amount${balance.data.balanceMicros < 0 ? ' negative' : ''}`} aria-label="Current balance">
          {formatMicros(balance.data.balanceMicros, { currency })}
        </p>
      ) : balance.isPending ? (
        <Loading />
      ) : null}
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
          <Field label="Reason" required maxLength={500} autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} hint="Kept on the ledger with your name." />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={credit.isPending} disabled={!micros || !reason.trim()}>
              Credit
            </Button>
          </div>
        </div>
      </form>
      <h3>Recent ledger entries</h3>
      <ErrorBanner error={ledger.error} />
      {ledger.data ? <Table caption="Recent ledger entries" hideCaption columns={columns} rows={ledger.data} rowKey={(l) => l.id} empty="No ledger entries yet." /> : null}
    </section>
  );
}
