import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, navigate } from '../../router';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { formatDate } from '../../ui/format';
import { Loading, Page } from '../../ui/Page';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import type { Tenant } from '../types';
import { TENANTS_KEY, useTenants } from './queries';

export function TenantsPage() {
  const tenants = useTenants();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');

  const create = useMutation({
    mutationFn: () => adminApi<Tenant>('auth', '/admin/tenants', { method: 'POST', body: { name: name.trim() } }),
    onSuccess: (tenant) => {
      void queryClient.invalidateQueries({ queryKey: TENANTS_KEY });
      setName('');
      navigate(`/tenants/${seg(tenant.id)}`);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  const columns: Column<Tenant>[] = [
    { header: 'Name', cell: (t) => <Link to={`/tenants/${seg(t.id)}`}>{t.name}</Link> },
    { header: 'Id', cell: (t) => <code className="nowrap">{t.id}</code> },
    {
      header: 'Rate limits',
      cell: (t) =>
        t.rateLimits.rpm || t.rateLimits.tpm ? `${t.rateLimits.rpm ?? '—'} rpm, ${t.rateLimits.tpm ?? '—'} tpm` : <span className="muted">None</span>,
    },
    { header: 'Created', cell: (t) => <span className="nowrap">{formatDate(t.createdAt)}</span> },
  ];

  return (
    <Page title="Tenants">
      <form className="panel" onSubmit={submit} aria-labelledby="new-tenant-title">
        <h2 id="new-tenant-title">New tenant</h2>
        <ErrorBanner error={create.error} />
        <div className="form-grid form-grid-inline">
          <Field label="Tenant name" required maxLength={200} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={create.isPending}>
              Create tenant
            </Button>
          </div>
        </div>
      </form>
      <ErrorBanner error={tenants.error} />
      {tenants.isPending ? (
        <Loading />
      ) : tenants.data ? (
        <Table caption="Tenants" hideCaption columns={columns} rows={tenants.data} rowKey={(t) => t.id} empty="No tenants yet." />
      ) : null}
    </Page>
  );
}
