import { useQuery } from '@tanstack/react-query';
import { api } from '../api/api';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDateTime, formatInt, formatMs } from '../ui/format';
import { Loading, Page } from '../ui/Page';
import { Table, type Column } from '../ui/Table';
import type { HealthWindow, ModelHealth, ModelHealthList } from './types';

const REFRESH_MS = 60_000;

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(rate === 1 ? 0 : 1)} %`);

interface Row {
  label: string;
  w: HealthWindow;
}

const COLUMNS: Column<Row>[] = [
  { header: 'Window', cell: (r) => r.label },
  { header: 'Requests', numeric: true, cell: (r) => formatInt(r.w.requests) },
  { header: 'Success rate', numeric: true, cell: (r) => percent(r.w.success_rate) },
  { header: 'Failed', numeric: true, cell: (r) => formatInt(r.w.failed) },
  { header: 'Latency p50', numeric: true, cell: (r) => formatMs(r.w.latency_ms.p50) },
  { header: 'Latency p95', numeric: true, cell: (r) => formatMs(r.w.latency_ms.p95) },
  { header: 'First token p50', numeric: true, cell: (r) => formatMs(r.w.ttft_ms.p50) },
  { header: 'First token p95', numeric: true, cell: (r) => formatMs(r.w.ttft_ms.p95) },
];

function ModelTable({ h, minutes }: { h: ModelHealth; minutes: number }) {
  const rows: Row[] = [
    { label: 'Last hour', w: h.windows.last_hour },
    { label: 'Last 24 hours', w: h.windows.last_day },
  ];
  return (
    <section aria-labelledby={`health-${h.model}`}>
      <h2 id={`health-${h.model}`}>
        <code>{h.model}</code>{' '}
        {h.fallback_serving ? <span className="badge badge-expired">Fallback serving</span> : <span className="badge badge-active">Primary serving</span>}
      </h2>
      <p className="muted">
        Primary: {h.primary ? `${h.primary.provider} · ${h.primary.upstream_model}` : '—'}
        {h.fallback_share !== null && h.fallback_share > 0 ? ` · ${percent(h.fallback_share)} of the last ${minutes} minutes' calls served by a fallback` : ''}
      </p>
      <Table caption={`Health of ${h.model}`} hideCaption columns={COLUMNS} rows={rows} rowKey={(r) => r.label} />
    </section>
  );
}

/** Success rate, latency and fallback of every model the session may use, from every gateway's records. */
export function HealthPage() {
  const health = useQuery({
    queryKey: ['models-health'],
    queryFn: ({ signal }) => api<ModelHealthList>('/me/models/health', { signal }),
    refetchInterval: REFRESH_MS,
  });
  return (
    <Page title="Health">
      <ErrorBanner error={health.error} />
      {health.isPending ? (
        <Loading />
      ) : health.data ? (
        <>
          <p className="muted">
            Success rate counts 2xx against 408, 429 and 5xx answers; your own request errors (other 4xx) are left out. Latency is of the successful calls. As
            of {formatDateTime(health.data.at)}.
          </p>
          {health.data.data.length === 0 ? <p>No models are registered for your account yet.</p> : null}
          {health.data.data.map((h) => (
            <ModelTable key={h.model} h={h} minutes={health.data.fallback_window_minutes} />
          ))}
        </>
      ) : null}
    </Page>
  );
}
