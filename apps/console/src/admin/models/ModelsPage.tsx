import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from '../../router';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/Dialog';
import { ErrorBanner, Notice } from '../../ui/ErrorBanner';
import { Field, SelectField } from '../../ui/Field';
import { Page } from '../../ui/Page';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import { useProviders } from '../providers/queries';
import { useTenant } from '../tenants/queries';
import type { Route } from '../types';
import { TargetsEditor } from './TargetsEditor';

/** A tenant's models and aliases: each routes to one or more provider targets. */
export function ModelsPage({ tenantId }: { tenantId: string }) {
  const queryClient = useQueryClient();
  const tenant = useTenant(tenantId);
  const providers = useProviders();
  const key = ['tenant', tenantId, 'models'] as const;
  const path = `/admin/tenants/${seg(tenantId)}/models`;
  const routes = useQuery({ queryKey: key, queryFn: ({ signal }) => adminApi<Route[]>('gateway', path, { signal }) });
  const [form, setForm] = useState({ model: '', providerId: '', upstreamModel: '' });
  const [editing, setEditing] = useState<Route | null>(null);
  const [deleting, setDeleting] = useState<Route | null>(null);
  const providerId = form.providerId || providers.data?.[0]?.id || '';

  const register = useMutation({
    mutationFn: () => adminApi<Route>('gateway', path, { method: 'POST', body: { model: form.model.trim(), providerId, upstreamModel: form.upstreamModel.trim() } }),
    onSuccess: () => {
      setForm({ model: '', providerId: '', upstreamModel: '' });
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: (r: Route) => adminApi<void>('gateway', `${path}/${seg(r.model)}`, { method: 'DELETE' }),
    onSuccess: () => {
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    register.mutate();
  };
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  const columns: Column<Route>[] = [
    { header: 'Model', cell: (r) => <code>{r.model}</code> },
    {
      header: 'Targets',
      cell: (r) => (
        <ol className="plain-list">
          {r.targets.map((t, i) => (
            <li key={i}>
              {t.provider} → <code>{t.upstreamModel}</code> <span className="muted">(priority {t.priority}, weight {t.weight}{t.timeoutMs ? `, ${t.timeoutMs} ms` : ''})</span>
            </li>
          ))}
        </ol>
      ),
    },
    {
      header: <span className="visually-hidden">Actions</span>,
      cell: (r) => (
        <div className="row-actions">
          <Button small onClick={() => setEditing(r)} aria-label={`Edit targets of ${r.model}`} disabled={!providers.data}>
            Edit targets
          </Button>
          <Button
            small
            variant="danger"
            aria-label={`Delete model ${r.model}`}
            onClick={() => {
              remove.reset();
              setDeleting(r);
            }}
          >
            Delete
          </Button>
        </div>
      ),
    },
  ];

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
      <form className="panel" onSubmit={submit} aria-labelledby="new-model-title">
        <h2 id="new-model-title">Register a model or alias</h2>
        <ErrorBanner error={register.error ?? providers.error} />
        <div className="form-grid form-grid-inline">
          <Field label="Model or alias" required maxLength={256} autoComplete="off" value={form.model} onChange={set('model')} hint={<>What the tenant's callers send as <code>model</code>.</>} />
          <SelectField label="Provider" value={providerId} options={(providers.data ?? []).map((p) => ({ value: p.id, label: p.name }))} onChange={set('providerId')} required />
          <Field label="Upstream model" required maxLength={256} autoComplete="off" value={form.upstreamModel} onChange={set('upstreamModel')} hint="The provider's model name." />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={register.isPending} disabled={!providerId}>
              Register model
            </Button>
          </div>
        </div>
        <p className="hint">
          A model the tenant calls must also have a <Link to="/prices">price</Link>: the gateway serves no unpriced model.
        </p>
      </form>
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
            void queryClient.invalidateQueries({ queryKey: key });
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
