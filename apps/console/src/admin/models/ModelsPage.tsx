import { useState } from 'react';
import { Link } from '../../router';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/Dialog';
import { ErrorBanner, Notice } from '../../ui/ErrorBanner';
import { Page } from '../../ui/Page';
import { Table, type Column } from '../../ui/Table';
import { seg } from '../api';
import { useProviders } from '../providers/queries';
import { useTenant } from '../tenants/queries';
import type { Route } from '../types';
import { useDeleteModel, useModelRoutes, useRefreshModels } from './queries';
import { RegisterModelForm } from './RegisterModelForm';
import { TargetsEditor } from './TargetsEditor';

/** A tenant's models and aliases: each routes to one or more provider targets. */
export function ModelsPage({ tenantId }: { tenantId: string }) {
  const tenant = useTenant(tenantId);
  const providers = useProviders();
  const routes = useModelRoutes(tenantId);
  const refresh = useRefreshModels(tenantId);
  const [editing, setEditing] = useState<Route | null>(null);
  const [deleting, setDeleting] = useState<Route | null>(null);
  const remove = useDeleteModel(tenantId, () => setDeleting(null));

  const columns = modelColumns({
    canEdit: Boolean(providers.data),
    onEdit: setEditing,
    onDelete: (r) => {
      remove.reset();
      setDeleting(r);
    },
  });

  return (
    <Page title={`Models of ${tenant.data?.name ?? 'tenant'}`}>
      <p className="breadcrumbs">
        <Link to="/tenants">Tenants</Link> / <Link to={`/tenants/${seg(tenantId)}`}>{tenant.data?.name ?? tenantId}</Link> / Models
      </p>
      {providers.data && providers.data.length === 0 ? (
        <Notice>
          No providers yet. <Link to="/providers">Create one</Link> first.
        </Notice>
      ) : null}
      <RegisterModelForm tenantId={tenantId} providers={providers.data} providersError={providers.error} />
      <ErrorBanner error={routes.error} />
      {routes.data ? <Table caption="Models" columns={columns} rows={routes.data} rowKey={(r) => r.model} empty="No models yet." /> : null}
      {editing && providers.data ? (
        <TargetsEditor
          tenantId={tenantId}
          route={editing}
          providers={providers.data}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? `Delete model ${deleting.model}` : ''}
        confirmLabel="Delete"
        danger
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onCancel={() => !remove.isPending && setDeleting(null)}
      >
        <p>The tenant's callers get model_not_found for it from now on.</p>
      </ConfirmDialog>
    </Page>
  );
}

function modelColumns({ canEdit, onEdit, onDelete }: { canEdit: boolean; onEdit: (r: Route) => void; onDelete: (r: Route) => void }): Column<Route>[] {
  return [
    { header: 'Model', cell: (r) => <code>{r.model}</code> },
    { header: 'Targets', cell: (r) => <TargetList route={r} /> },
    {
      header: <span className="visually-hidden">Actions</span>,
      cell: (r) => (
        <div className="row-actions">
          <Button small onClick={() => onEdit(r)} aria-label={`Edit targets of ${r.model}`} disabled={!canEdit}>
            Edit targets
          </Button>
          <Button small variant="danger" aria-label={`Delete model ${r.model}`} onClick={() => onDelete(r)}>
            Delete
          </Button>
        </div>
      ),
    },
  ];
}

function TargetList({ route }: { route: Route }) {
  return (
    <ol className="plain-list">
      {route.targets.map((t, i) => (
        <li key={i}>
          {t.provider} → <code>{t.upstreamModel}</code>{' '}
          <span className="muted">
            (priority {t.priority}, weight {t.weight}
            {t.timeoutMs ? `, ${t.timeoutMs} ms` : ''})
          </span>
        </li>
      ))}
    </ol>
  );
}
