import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatDate } from '../../ui/format';
import { Page } from '../../ui/Page';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import type { Provider } from '../types';
import { NewProviderForm } from './NewProviderForm';
import { ProviderHealth } from './ProviderHealth';
import { PROVIDERS_KEY, useProviders } from './queries';

function useDeleteProvider(onDone: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (p: Provider) => adminApi<void>('gateway', `/admin/providers/${seg(p.id)}`, { method: 'DELETE' }),
    onSuccess: () => {
      onDone();
      void queryClient.invalidateQueries({ queryKey: PROVIDERS_KEY });
    },
  });
}

function providerColumns(onDelete: (p: Provider) => void): Column<Provider>[] {
  return [
    { header: 'Name', cell: (p) => <strong>{p.name}</strong> },
    { header: 'Kind', cell: (p) => p.kind },
    { header: 'Base URL', cell: (p) => <code>{p.baseUrl}</code> },
    { header: 'API key', cell: (p) => (p.hasApiKey ? 'Set' : <span className="muted">None</span>) },
    { header: 'Created', cell: (p) => <span className="nowrap">{formatDate(p.createdAt)}</span> },
    {
      header: <span className="visually-hidden">Actions</span>,
      cell: (p) => (
        <Button small variant="danger" aria-label={`Delete provider ${p.name}`} onClick={() => onDelete(p)}>
          Delete
        </Button>
      ),
    },
  ];
}

/** Upstream providers: create (the API key is write-only), delete, and each target's circuit. */
export function ProvidersPage() {
  const providers = useProviders();
  const [deleting, setDeleting] = useState<Provider | null>(null);
  const remove = useDeleteProvider(() => setDeleting(null));
  const columns = providerColumns((p) => {
    remove.reset();
    setDeleting(p);
  });

  return (
    <Page title="Providers">
      <NewProviderForm />
      <ErrorBanner error={providers.error} />
      {providers.data ? <Table caption="Providers" columns={columns} rows={providers.data} rowKey={(p) => p.id} empty="No providers yet." /> : null}
      <ProviderHealth />
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
