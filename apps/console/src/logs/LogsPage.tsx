import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, mePath } from '../api/api';
import type { RequestLog, RequestLogList } from '../api/types';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDateTime, formatInt, formatMs, lastDays } from '../ui/format';
import { formatMicros } from '../ui/money';
import { Loading, Page } from '../ui/Page';
import { Table, type Column } from '../ui/Table';
import { LogFilters, type Filters } from './LogFilters';

const PAGE_SIZE = 50;

function statusClass(status: RequestLog['status']): string {
  const n = Number(status);
  if (Number.isFinite(n)) return n >= 200 && n < 300 ? 'badge-active' : n >= 500 ? 'badge-revoked' : 'badge-expired';
  return String(status) === 'ok' || String(status) === 'success' ? 'badge-active' : 'badge-revoked';
}

function logColumns(onSelect: (log: RequestLog) => void): Column<RequestLog>[] {
  return [
    {
      header: 'Time',
      cell: (l) => (
        <button type="button" className="linklike nowrap" onClick={() => onSelect(l)} aria-label={`Details of request ${l.request_id}`}>
          {formatDateTime(l.at)}
        </button>
      ),
    },
    { header: 'Key', cell: (l) => l.key_label || l.key_id || '—' },
    { header: 'Model', cell: (l) => l.model },
    { header: 'Status', cell: (l) => <span className={`badge ${statusClass(l.status)}`}>{String(l.status)}</span> },
    { header: 'Latency', cell: (l) => formatMs(l.latency_ms), numeric: true },
    { header: 'Tokens in / out', cell: (l) => `${formatInt(l.prompt_tokens)} / ${formatInt(l.completion_tokens)}`, numeric: true },
    { header: 'Cost', cell: (l) => `${formatMicros(l.cost_micros)}${l.estimated ? '*' : ''}`, numeric: true },
  ];
}

/** The request log, newest first, a page at a time ("Load more"). */
function useRequestLogs(filters: Filters) {
  return useInfiniteQuery({
    queryKey: ['request-logs', filters],
    queryFn: ({ pageParam, signal }) => api<RequestLogList>(mePath('/me/request-logs', { ...filters, cursor: pageParam, limit: PAGE_SIZE }), { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function LogsPage() {
  const [initial] = useState<Filters>(() => ({ ...lastDays(7), key_id: '', model: '', status: '' }));
  const [filters, setFilters] = useState<Filters>(initial);
  const [selected, setSelected] = useState<RequestLog | null>(null);
  const logs = useRequestLogs(filters);
  const rows = logs.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Page
      title="Request logs"
      actions={
        <a className="btn btn-secondary" href={mePath('/me/request-logs', { ...filters, format: 'csv' })} download>
          Download CSV
        </a>
      }
    >
      <LogFilters initial={initial} onApply={setFilters} />
      <ErrorBanner error={logs.error} />
      {logs.isPending ? (
        <Loading />
      ) : (
        <>
          <Table
            caption="Request logs, newest first"
            hideCaption
            columns={logColumns(setSelected)}
            rows={rows}
            rowKey={(l) => l.request_id}
            empty="No requests match these filters."
            onRowClick={setSelected}
          />
          {rows.some((l) => l.estimated) ? <p className="hint">* estimated cost (the upstream did not report usage).</p> : null}
          {logs.hasNextPage ? (
            <div className="more">
              {/* A failed page shows in logs.error above; nothing is left to reject. */}
              <Button onClick={() => void logs.fetchNextPage()} busy={logs.isFetchingNextPage}>
                Load more
              </Button>
            </div>
          ) : null}
        </>
      )}
      <Dialog open={selected !== null} title="Request details" onClose={() => setSelected(null)}>
        {selected ? <LogDetails log={selected} /> : null}
      </Dialog>
    </Page>
  );
}

function LogDetails({ log }: { log: RequestLog }) {
  const rows: Array<[string, React.ReactNode]> = [
    ['Request id', <code key="id">{log.request_id}</code>],
    ['Time', formatDateTime(log.at)],
    ['Key', log.key_label || log.key_id || '—'],
    ['Model', log.model],
    ['Provider', log.provider ?? '—'],
    ['Upstream model', log.upstream_model ?? '—'],
    ['Status', String(log.status)],
    ['Latency', formatMs(log.latency_ms)],
    ['Time to first token', formatMs(log.ttft_ms)],
    ['Input tokens', formatInt(log.prompt_tokens)],
    ['Cached input tokens', formatInt(log.cached_tokens)],
    ['Output tokens', formatInt(log.completion_tokens)],
    ['Cost', formatMicros(log.cost_micros)],
    ['Estimated', log.estimated ? 'Yes (usage not reported by the upstream)' : 'No'],
    ['Stream', log.stream ? 'Yes' : 'No'],
  ];
  return (
    <dl className="details">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
