import { useInfiniteQuery } from '@tanstack/react-query';
import { api, mePath } from '../api/api';
import type { AuditEntry, CursorList } from '../api/types';
import { Button } from '../ui/Button';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDateTime } from '../ui/format';
import { Loading, Page } from '../ui/Page';
import { Table, type Column } from '../ui/Table';

const ACTIONS: Record<string, string> = {
  'key.created': 'Created key',
  'key.renamed': 'Renamed key',
  'key.rotated': 'Rotated key',
  'key.revoked': 'Revoked key',
  'key.deleted': 'Deleted key',
  'user.invited': 'Invited user',
};

function who(e: AuditEntry): string {
  const kind = e.actor.type === 'key' ? 'key ' : e.actor.type === 'admin' ? 'admin ' : '';
  return `${kind}${e.actor.name ?? e.actor.id ?? '—'}`;
}

export function AuditPage() {
  const log = useInfiniteQuery({
    queryKey: ['audit-log'],
    queryFn: ({ pageParam, signal }) => api<CursorList<AuditEntry>>(mePath('/me/audit-log', { cursor: pageParam, limit: 50 }), { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const rows = log.data?.pages.flatMap((p) => p.data) ?? [];
  const columns: Column<AuditEntry>[] = [
    { header: 'When', cell: (e) => <span className="nowrap">{formatDateTime(e.at)}</span> },
    { header: 'Who', cell: who },
    {
      header: 'Action',
      cell: (e) =>
        ACTIONS[e.action] ? (
          <span title={e.action} className="nowrap">
            {ACTIONS[e.action]}
          </span>
        ) : (
          <code>{e.action}</code>
        ),
    },
    { header: 'Target', cell: (e) => (e.target ? `${e.target.type} ${e.target.name ?? e.target.id ?? ''}`.trim() : '—') },
  ];
  return (
    <Page title="Audit log">
      <ErrorBanner error={log.error} />
      {log.isPending ? (
        <Loading />
      ) : (
        <>
          <Table caption="Audit log, newest first" hideCaption columns={columns} rows={rows} rowKey={(e) => e.id} empty="Nothing has happened yet." />
          {log.hasNextPage ? (
            <div className="more">
              {/* A failed page shows in log.error above; nothing is left to reject. */}
              <Button onClick={() => void log.fetchNextPage()} busy={log.isFetchingNextPage}>
                Load more
              </Button>
            </div>
          ) : null}
        </>
      )}
    </Page>
  );
}
