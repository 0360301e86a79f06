import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field, SelectField } from '../../ui/Field';
import { formatDateTime } from '../../ui/format';
import { formatMicros } from '../../ui/money';
import { Page } from '../../ui/Page';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import { useTenants } from '../tenants/queries';
import type { PaymentEvent } from '../types';

const OUTCOMES = [
  { value: '', label: 'All awaiting review' },
  { value: 'held_for_review', label: 'Held for review' },
  { value: 'unmatched', label: 'Unmatched tenant' },
];

/** Payments a webhook could not credit by itself: approve to the tenant they name, or assign one. */
export function PaymentsPage() {
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState('');
  const key = ['payments', outcome] as const;
  const payments = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => adminApi<{ data: PaymentEvent[] }>('billing', '/admin/payments', { signal, query: { outcome } }),
    select: (l) => l.data,
  });
  const [settling, setSettling] = useState<PaymentEvent | null>(null);

  const columns: Column<PaymentEvent>[] = [
    { header: 'Received', cell: (p) => <span className="nowrap">{formatDateTime(p.receivedAt)}</span> },
    { header: 'Provider', cell: (p) => p.provider },
    { header: 'Event', cell: (p) => <code>{p.type}</code> },
    { header: 'Reference', cell: (p) => (p.paymentRef ? <code>{p.paymentRef}</code> : '—') },
    { header: 'Outcome', cell: (p) => p.outcome.replace(/_/g, ' ') },
    { header: 'Tenant', cell: (p) => (p.tenantId ? <code>{p.tenantId.slice(0, 8)}</code> : <span className="muted">Unknown</span>) },
    { header: 'Amount', numeric: true, cell: (p) => (p.amountMicros ? formatMicros(p.amountMicros) : '—') },
    {
      header: <span className="visually-hidden">Actions</span>,
      cell: (p) => (
        <Button small onClick={() => setSettling(p)} aria-label={`${p.tenantId ? 'Approve' : 'Assign'} payment ${p.paymentRef ?? p.eventId}`}>
          {p.tenantId ? 'Approve' : 'Assign'}
        </Button>
      ),
    },
  ];

  return (
    <Page title="Payments">
      <p className="hint">Payment events that were not credited automatically (held for review, or naming no known tenant).</p>
      <div className="toolbar">
        <SelectField label="Show" value={outcome} options={OUTCOMES} onChange={(e) => setOutcome(e.target.value)} />
      </div>
      <ErrorBanner error={payments.error} />
      {payments.data ? (
        <Table caption="Payments awaiting review" hideCaption columns={columns} rows={payments.data} rowKey={(p) => p.id} empty="Nothing awaits review." />
      ) : null}
      {settling ? (
        <SettleDialog
          payment={settling}
          onClose={() => setSettling(null)}
          onSettled={() => {
            setSettling(null);
            void queryClient.invalidateQueries({ queryKey: ['payments'] });
          }}
        />
      ) : null}
    </Page>
  );
}

function SettleDialog({ payment, onClose, onSettled }: { payment: PaymentEvent; onClose: () => void; onSettled: () => void }) {
  const tenants = useTenants();
  const assign = payment.tenantId === null;
  const [tenantId, setTenantId] = useState('');
  const [reason, setReason] = useState('');
  const chosen = tenantId || tenants.data?.[0]?.id || '';
  const settle = useMutation({
    mutationFn: () =>
      adminApi('billing', `/admin/payments/${seg(payment.id)}/${assign ? 'assign' : 'approve'}`, {
        method: 'POST',
        body: { ...(assign ? { tenantId: chosen } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}) },
      }),
    onSuccess: onSettled,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    settle.mutate();
  };
  return (
    <Dialog open title={assign ? 'Assign the payment to a tenant' : 'Approve the payment'} onClose={() => !settle.isPending && onClose()} actions={<></>}>
      <form onSubmit={submit}>
        <p>
          {payment.amountMicros ? formatMicros(payment.amountMicros) : 'An amount'} from {payment.provider}
          {payment.paymentRef ? ` (${payment.paymentRef})` : ''} is credited {assign ? 'to the tenant you choose' : 'to the tenant it names'}.
        </p>
        {assign ? (
          <SelectField
            label="Tenant"
            value={chosen}
            options={(tenants.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
            onChange={(e) => setTenantId(e.target.value)}
          />
        ) : null}
        <Field
          label="Reason"
          maxLength={500}
          autoComplete="off"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          hint="Kept on the ledger with your name."
        />
        <ErrorBanner error={settle.error ?? tenants.error} />
        <div className="dialog-actions">
          <Button onClick={onClose} disabled={settle.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={settle.isPending} disabled={assign && !chosen}>
            {assign ? 'Assign and credit' : 'Approve and credit'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
