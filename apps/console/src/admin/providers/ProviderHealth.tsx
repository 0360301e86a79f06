import { useQuery } from '@tanstack/react-query';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Table, type Column } from '../../ui/Table';
import { adminApi } from '../api';
import type { TargetHealth } from '../types';

const COLUMNS: Column<TargetHealth>[] = [
  { header: 'Target', cell: (t) => <code>{t.target}</code> },
  { header: 'Circuit', cell: (t) => <strong className={`state-${t.state}`}>{t.state}</strong> },
  { header: 'Failures in a row', numeric: true, cell: (t) => t.consecutiveFailures },
  { header: 'Recent calls', numeric: true, cell: (t) => t.recentCalls },
  { header: 'Error rate', numeric: true, cell: (t) => `${Math.round(t.recentErrorRate * 100)}%` },
  { header: 'Last error', cell: (t) => t.lastError ?? '—' },
];

/** Each target's circuit as this gateway instance sees it, refreshed every 15 s. */
export function ProviderHealth() {
  const health = useQuery({
    queryKey: ['providers', 'health'],
    queryFn: ({ signal }) => adminApi<{ instance: number; targets: TargetHealth[] }>('gateway', '/admin/providers/health', { signal }),
    refetchInterval: 15_000,
  });
  return (
    <section className="section" aria-labelledby="health-title">
      <h2 id="health-title">Health</h2>
      <p className="hint">Circuit state of each target this gateway instance{health.data ? ` (process ${health.data.instance})` : ''} has called.</p>
      <ErrorBanner error={health.error} />
      {health.data ? (
        <Table caption="Target health" hideCaption columns={COLUMNS} rows={health.data.targets} rowKey={(t) => t.target} empty="No calls yet." />
      ) : null}
    </section>
  );
}
