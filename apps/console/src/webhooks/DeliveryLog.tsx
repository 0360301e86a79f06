import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDateTime } from '../ui/format';
import { Loading } from '../ui/Page';
import { Table } from '../ui/Table';
import { useDeliveries } from './queries';
import type { WebhookDelivery } from './types';

const STATUS: Record<WebhookDelivery['status'], string> = { pending: 'Retrying', delivered: 'Delivered', failed: 'Failed' };

function lastResponse(d: WebhookDelivery): string {
  if (d.last_error) return d.last_error;
  if (d.last_status_code !== null) return `HTTP ${d.last_status_code}`;
  return '—';
}

/** The endpoint's deliveries, newest first: status, attempts, last answer or error, next attempt. */
export function DeliveryLog({ endpointId, url }: { endpointId: string; url: string }) {
  const log = useDeliveries(endpointId);
  if (log.isPending) return <Loading />;
  return (
    <>
      <ErrorBanner error={log.error} />
      <Table
        caption={`Deliveries to ${url}`}
        rows={log.data?.data ?? []}
        rowKey={(d) => d.id}
        empty="Nothing sent yet. Send a test event to try the endpoint."
        columns={[
          { header: 'Event', cell: (d) => <code>{d.type}</code> },
          { header: 'Status', cell: (d) => (d.status === 'pending' && d.attempts === 0 ? 'Queued' : STATUS[d.status]) },
          { header: 'Attempts', cell: (d) => d.attempts, numeric: true },
          { header: 'Last response', cell: lastResponse },
          { header: 'Next attempt', cell: (d) => formatDateTime(d.next_attempt_at) },
          { header: 'Created', cell: (d) => formatDateTime(d.created_at) },
        ]}
      />
    </>
  );
}
