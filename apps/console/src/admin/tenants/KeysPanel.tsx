import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatDate, formatDateTime } from '../../ui/format';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import type { AdminKey, KeyWithBudget } from '../types';
import { KeyBudgetCell, KeyBudgetDialog } from './KeyBudgetDialog';
import { tenantKey } from './queries';

function keyColumns({ onBudget, onRevoke }: { onBudget: (k: KeyWithBudget) => void; onRevoke: (k: KeyWithBudget) => void }): Column<KeyWithBudget>[] {
  return [
    { header: 'Name', cell: (k) => <strong className="nowrap">{k.label}</strong> },
    { header: 'Key', cell: (k) => <code className="nowrap">{k.masked}</code> },
    {
      header: 'Models',
      cell: (k) =>
        k.models.length ? (
          <span className="tags">
            {k.models.map((m) => (
              <code key={m}>{m}</code>
            ))}
          </span>
        ) : (
          <span className="muted">All</span>
        ),
    },
    { header: 'Last used', cell: (k) => <span className="nowrap">{formatDateTime(k.lastUsedAt, 'Never')}</span> },
    { header: 'Created', cell: (k) => <span className="nowrap">{formatDate(k.createdAt)}</span> },
    { header: 'Status', cell: (k) => <span className={`badge badge-${k.status}`}>{k.status}</span> },
    { header: 'Budget', cell: (k) => <KeyBudgetCell keyRow={k} /> },
    {
      header: <span className="visually-hidden">Actions</span>,
      cell: (k) =>
        k.status === 'active' ? (
          <span className="form-actions">
            <Button small aria-label={`Set budget of key ${k.label}`} onClick={() => onBudget(k)}>
              Budget
            </Button>
            <Button small variant="danger" aria-label={`Revoke key ${k.label}`} onClick={() => onRevoke(k)}>
              Revoke
            </Button>
          </span>
        ) : null,
    },
  ];
}

/** The tenant's API keys (never a secret); revoking one stops it on every gateway at once. */
export function KeysPanel({ tenantId }: { tenantId: string }) {
  const queryClient = useQueryClient();
  const keys = useQuery({
    queryKey: tenantKey(tenantId, 'keys'),
    queryFn: ({ signal }) => adminApi<KeyWithBudget[]>('auth', `/admin/tenants/${seg(tenantId)}/keys`, { signal }),
  });
  const [revoking, setRevoking] = useState<AdminKey | null>(null);
  const [budgeting, setBudgeting] = useState<KeyWithBudget | null>(null);

  const revoke = useMutation({
    mutationFn: (key: AdminKey) => adminApi('auth', `/admin/keys/${seg(key.id)}/revoke`, { method: 'POST' }),
    onSuccess: () => {
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: tenantKey(tenantId, 'keys') });
      void queryClient.invalidateQueries({ queryKey: tenantKey(tenantId, 'audit') });
    },
  });

  const columns = keyColumns({
    onBudget: setBudgeting,
    onRevoke: (k) => {
      revoke.reset();
      setRevoking(k);
    },
  });

  return (
    <section className="panel section" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <ErrorBanner error={keys.error} />
      {keys.data ? <Table caption="API keys" hideCaption columns={columns} rows={keys.data} rowKey={(k) => k.id} empty="No keys." /> : null}
      {budgeting ? <KeyBudgetDialog tenantId={tenantId} keyRow={budgeting} onClose={() => setBudgeting(null)} /> : null}
      <ConfirmDialog
        open={revoking !== null}
        title={revoking ? `Revoke key ${revoking.label}` : ''}
        confirmLabel="Revoke"
        danger
        busy={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onCancel={() => !revoke.isPending && setRevoking(null)}
      >
        <p>Every gateway refuses it from now on. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
