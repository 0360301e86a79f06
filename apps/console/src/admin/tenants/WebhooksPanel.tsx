import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatDateTime } from '../../ui/format';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import type { WebhookDelivery, WebhookEndpoint } from '../types';
import { tenantKey } from './queries';

function Deliveries({ tenantId, endpoint }: { tenantId: string; endpoint: WebhookEndpoint }) {
  const deliveries = useQuery({
    queryKey: [...tenantKey(tenantId, 'webhook-deliveries'), endpoint.id],
    queryFn: ({ signal }) =>
      adminApi<{ data: WebhookDelivery[] }>('billing', `/admin/tenants/${seg(tenantId)}/webhooks/${seg(endpoint.id)}/deliveries`, {
        signal,
        query: { limit: 50 },
      }),
    select: (l) => l.data,
  });
  const columns: Column<WebhookDelivery>[] = [
    { header: 'Created', cell: (d) => <span className="nowrap">{formatDateTime(d.createdAt)}</span> },
    { header: 'Event', cell: (d) => <code>{d.type}</code> },
    {
      header: 'Status',
      cell: (d) => <span className={`badge badge-${d.status === 'delivered' ? 'active' : d.status === 'failed' ? 'revoked' : 'expired'}`}>{d.status}</span>,
    },
    { header: 'Attempts', numeric: true, cell: (d) => d.attempts },
    { header: 'Last answer', cell: (d) => d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '—') },
    { header: 'Next attempt', cell: (d) => <span className="nowrap">{formatDateTime(d.nextAttemptAt)}</span> },
  ];
  return (
    <>
      <ErrorBanner error={deliveries.error} />
      {deliveries.data ? (
        <Table caption={`Deliveries to ${endpoint.url}`} columns={columns} rows={deliveries.data} rowKey={(d) => d.id} empty="Nothing sent yet." />
      ) : null}
    </>
  );
}

/** The tenant's alert webhook endpoints and each one's delivery log (read-only: the tenant manages them in its console). */
export function WebhooksPanel({ tenantId }: { tenantId: string }) {
  const endpoints = useQuery({
    queryKey: tenantKey(tenantId, 'webhooks'),
    queryFn: ({ signal }) => adminApi<{ data: WebhookEndpoint[] }>('billing', `/admin/tenants/${seg(tenantId)}/webhooks`, { signal }),
    select: (l) => l.data,
  });
  const [open, setOpen] = useState<WebhookEndpoint | null>(null);
  const columns: Column<WebhookEndpoint>[] = [
    { header: 'URL', cell: (e) => <code className="break">{e.url}</code> },
    {
      header: 'Events',
      cell: (e) => (
        <span className="tags">
          {e.eventTypes.map((t) => (
            <code key={t}>{t}</code>
          ))}
        </span>
      ),
    },
    { header: 'Enabled', cell: (e) => (e.enabled ? 'Yes' : 'No') },
    { header: 'Created', cell: (e) => <span className="nowrap">{formatDateTime(e.createdAt)}</span> },
    {
      header: <span className="visually-hidden">Actions</span>,
      cell: (e) => (
        <Button small aria-label={`Delivery log of ${e.url}`} aria-pressed={open?.id === e.id} onClick={() => setOpen(open?.id === e.id ? null : e)}>
          Delivery log
        </Button>
      ),
    },
  ];
  return (
    <section className="panel section" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Alert webhooks</h2>
      <ErrorBanner error={endpoints.error} />
      {endpoints.data ? (
        <Table caption="Webhook endpoints" hideCaption columns={columns} rows={endpoints.data} rowKey={(e) => e.id} empty="No endpoints registered." />
      ) : null}
      {open ? <Deliveries tenantId={tenantId} endpoint={open} /> : null}
    </section>
  );
}
