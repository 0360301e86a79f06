import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field, SelectField } from '../../ui/Field';
import { formatDate } from '../../ui/format';
import { Page } from '../../ui/Page';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import type { Provider, TargetHealth } from '../types';
import { PROVIDERS_KEY, useProviders } from './queries';

const KINDS = [
  { value: 'openai', label: 'OpenAI-compatible' },
  { value: 'openai-responses', label: 'OpenAI-compatible, with the Responses API' },
  { value: 'anthropic', label: 'Anthropic' },
];

/** Upstream providers: create (the API key is write-only), delete, and each target's circuit. */
export function ProvidersPage() {
  const queryClient = useQueryClient();
  const providers = useProviders();
  const health = useQuery({
    queryKey: ['providers', 'health'],
    queryFn: ({ signal }) => adminApi<{ instance: number; targets: TargetHealth[] }>('gateway', '/admin/providers/health', { signal }),
    refetchInterval: 15_000,
  });
  const [form, setForm] = useState({ name: '', kind: 'openai', baseUrl: '', apiKey: '' });
  const [deleting, setDeleting] = useState<Provider | null>(null);

  const create = useMutation({
    mutationFn: () =>
      adminApi<Provider>('gateway', '/admin/providers', {
        method: 'POST',
        body: { name: form.name.trim(), kind: form.kind, baseUrl: form.baseUrl.trim(), ...(form.apiKey ? { apiKey: form.apiKey } : {}) },
      }),
    onSuccess: () => {
      // The key leaves the page's state as soon as the provider holds it.
      setForm({ name: '', kind: 'openai', baseUrl: '', apiKey: '' });
      void queryClient.invalidateQueries({ queryKey: PROVIDERS_KEY });
    },
  });
  const remove = useMutation({
    mutationFn: (p: Provider) => adminApi<void>('gateway', `/admin/providers/${seg(p.id)}`, { method: 'DELETE' }),
    onSuccess: () => {
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: PROVIDERS_KEY });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  const columns: Column<Provider>[] = [
    { header: 'Name', cell: (p) => <strong>{p.name}</strong> },
    { header: 'Kind', cell: (p) => p.kind },
    { header: 'Base URL', cell: (p) => <code>{p.baseUrl}</code> },
    { header: 'API key', cell: (p) => (p.hasApiKey ? 'Set' : <span className="muted">None</span>) },
    { header: 'Created', cell: (p) => <span className="nowrap">{formatDate(p.createdAt)}</span> },
    {
      header: <span className="visually-hidden">Actions</span>,
      cell: (p) => (
        <Button
          small
          variant="danger"
          aria-label={`Delete provider ${p.name}`}
          onClick={() => {
            remove.reset();
            setDeleting(p);
          }}
        >
          Delete
        </Button>
      ),
    },
  ];
  const healthColumns: Column<TargetHealth>[] = [
    { header: 'Target', cell: (t) => <code>{t.target}</code> },
    { header: 'Circuit', cell: (t) => <strong className={`state-${t.state}`}>{t.state}</strong> },
    { header: 'Failures in a row', numeric: true, cell: (t) => t.consecutiveFailures },
    { header: 'Recent calls', numeric: true, cell: (t) => t.recentCalls },
    { header: 'Error rate', numeric: true, cell: (t) => `${Math.round(t.recentErrorRate * 100)}%` },
    { header: 'Last error', cell: (t) => t.lastError ?? '—' },
  ];

  return (
    <Page title="Providers">
      <form className="panel" onSubmit={submit} aria-labelledby="new-provider-title">
        <h2 id="new-provider-title">New provider</h2>
        <ErrorBanner error={create.error} />
        <div className="form-grid form-grid-inline">
          <Field label="Provider name" required maxLength={100} autoComplete="off" value={form.name} onChange={set('name')} />
          <SelectField label="Kind" value={form.kind} options={KINDS} onChange={set('kind')} />
          <Field label="Base URL" type="url" required placeholder="https://api.openai.com/v1" autoComplete="off" value={form.baseUrl} onChange={set('baseUrl')} />
          <Field label="API key" type="password" autoComplete="new-password" value={form.apiKey} onChange={set('apiKey')} hint="Write-only: stored encrypted, never shown again." />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={create.isPending}>
              Create provider
            </Button>
          </div>
        </div>
      </form>
      <ErrorBanner error={providers.error} />
      {providers.data ? <Table caption="Providers" columns={columns} rows={providers.data} rowKey={(p) => p.id} empty="No providers yet." /> : null}
      <section className="section" aria-labelledby="health-title">
        <h2 id="health-title">Health</h2>
        <p className="hint">Circuit state of each target this gateway instance{health.data ? ` (process ${health.data.instance})` : ''} has called.</p>
        <ErrorBanner error={health.error} />
        {health.data ? <Table caption="Target health" hideCaption columns={healthColumns} rows={health.data.targets} rowKey={(t) => t.target} empty="No calls yet." /> : null}
      </section>
      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? `Delete provider ${deleting.name}` : ''}
        confirmLabel="Delete"
        danger
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onCancel={() => !remove.isPending && setDeleting(null)}
      >
        <p>The provider and its credential are removed. A provider that routes still use cannot be deleted.</p>
      </ConfirmDialog>
    </Page>
  );
}
