import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner, Notice } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { formatDateTime } from '../../ui/format';
import { formatMicros } from '../../ui/money';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import { parseMicros } from '../money-input';
import type { PromoGrant } from '../types';
import { tenantKey } from './queries';

function status(g: PromoGrant, now: number): { label: string; badge: string } {
  if (g.expiredAt !== null) return { label: `expired (${formatMicros(g.expiredMicros ?? 0)} unused)`, badge: 'expired' };
  if (Date.parse(g.expiresAt) <= now) return { label: 'expiring', badge: 'expired' };
  return { label: 'active', badge: 'active' };
}

/** Promotional credit that expires: its unused part leaves by a ledger entry at the expiry, never by deletion. */
export function PromotionsPanel({ tenantId }: { tenantId: string }) {
  const queryClient = useQueryClient();
  const path = `/admin/tenants/${seg(tenantId)}/promotions`;
  const grants = useQuery({ queryKey: tenantKey(tenantId, 'promotions'), queryFn: ({ signal }) => adminApi<{ data: PromoGrant[] }>('billing', path, { signal }), select: (l) => l.data });
  const [form, setForm] = useState({ amount: '', expires: '', reason: '' });
  const [idempotencyKey, setIdempotencyKey] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const micros = parseMicros(form.amount);
  const valid = !!micros && form.expires !== '' && form.reason.trim() !== '';

  const grant = useMutation({
    mutationFn: (key: string) =>
      adminApi<PromoGrant>('billing', path, { method: 'POST', body: { amountMicros: micros, expiresAt: new Date(form.expires).toISOString(), reason: form.reason.trim(), idempotencyKey: key } }),
    onSuccess: (res) => {
      setDone(`Granted ${formatMicros(res.amountMicros)} until ${formatDateTime(res.expiresAt)}.`);
      setIdempotencyKey(null);
      setForm({ amount: '', expires: '', reason: '' });
      for (const part of ['promotions', 'balance', 'ledger']) void queryClient.invalidateQueries({ queryKey: tenantKey(tenantId, part) });
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
    const key = idempotencyKey ?? `console-${crypto.randomUUID()}`;
    setIdempotencyKey(key);
    grant.mutate(key);
  };

  const now = grants.dataUpdatedAt; // when the list was read: a status as of then
  const columns: Column<PromoGrant>[] = [
    { header: 'Granted', cell: (g) => <span className="nowrap">{formatDateTime(g.grantedAt)}</span> },
    { header: 'Amount', numeric: true, cell: (g) => formatMicros(g.amountMicros) },
    { header: 'Expires', cell: (g) => <span className="nowrap">{formatDateTime(g.expiresAt)}</span> },
    { header: 'Reason', cell: (g) => g.reason },
    { header: 'Status', cell: (g) => <span className={`badge badge-${status(g, now).badge}`}>{status(g, now).label}</span> },
    { header: 'By', cell: (g) => <code>{g.actor}</code> },
  ];

  return (
    <section className="panel section" aria-labelledby="promo-title">
      <h2 id="promo-title">Promotional credit</h2>
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
      <ErrorBanner error={grants.error} />
      {grants.data ? <Table caption="Promotional grants" columns={columns} rows={grants.data} rowKey={(g) => g.id} empty="No promotional grants." /> : null}
    </section>
  );
}
