import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { CopyField } from '../../ui/CopyField';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field, SelectField } from '../../ui/Field';
import { formatDate } from '../../ui/format';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import { ROLES, type CreatedPortalUser, type PortalUser, type Role } from '../types';
import { tenantKey } from './queries';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: r[0].toUpperCase() + r.slice(1) }));

const COLUMNS: Column<PortalUser>[] = [
  { header: 'Email', cell: (u) => u.email },
  { header: 'Role', cell: (u) => ROLE_OPTIONS.find((r) => r.value === u.role)?.label ?? u.role },
  {
    header: 'Status',
    cell: (u) => <span className={`badge ${u.hasPassword ? 'badge-active' : 'badge-expired'}`}>{u.hasPassword ? 'active' : 'invited'}</span>,
  },
  { header: 'Added', cell: (u) => <span className="nowrap">{formatDate(u.createdAt)}</span> },
];

/** The tenant's portal users; an invite answers a one-time link, kept in component state only. */
export function UsersPanel({ tenantId }: { tenantId: string }) {
  const queryClient = useQueryClient();
  const path = `/admin/tenants/${seg(tenantId)}/users`;
  const users = useQuery({
    queryKey: tenantKey(tenantId, 'users'),
    queryFn: ({ signal }) => adminApi<{ data: PortalUser[] }>('auth', path, { signal }),
    select: (l) => l.data,
  });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('owner');
  const [invite, setInvite] = useState<{ email: string; url: string } | null>(null);

  const create = useMutation({
    mutationFn: () => adminApi<CreatedPortalUser>('auth', path, { method: 'POST', body: { email: email.trim(), role } }),
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: tenantKey(tenantId, 'users') });
      void queryClient.invalidateQueries({ queryKey: tenantKey(tenantId, 'audit') });
      setEmail('');
      if (res.invite) setInvite({ email: res.user.email, url: res.invite.url });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  return (
    <section className="panel section" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <form onSubmit={submit} aria-label="Invite a user">
        <ErrorBanner error={create.error} />
        <div className="form-grid form-grid-inline">
          <Field label="Email" type="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
          <SelectField label="Role" value={role} options={ROLE_OPTIONS} onChange={(e) => setRole(e.target.value as Role)} />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={create.isPending}>
              Invite
            </Button>
          </div>
        </div>
      </form>
      <InviteLinkDialog invite={invite} onClose={() => setInvite(null)} />
      <ErrorBanner error={users.error} />
      {users.data ? <Table caption="Users" hideCaption columns={COLUMNS} rows={users.data} rowKey={(u) => u.id} empty="No users yet." /> : null}
    </section>
  );
}

/** The one-time invite link, shown once and kept in component state only. */
function InviteLinkDialog({ invite, onClose }: { invite: { email: string; url: string } | null; onClose: () => void }) {
  return (
    <Dialog
      open={invite !== null}
      title={invite ? `Invite link for ${invite.email}` : ''}
      onClose={onClose}
      actions={
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      }
    >
      {invite ? (
        <>
          <CopyField label="Invite link" value={invite.url} />
          <p className="hint">A path on the customer console (the gateway's public address), valid once for 7 days.</p>
          <p className="warning">
            <strong>This link will not be shown again.</strong> Send it to them; it sets their password once.
          </p>
        </>
      ) : null}
    </Dialog>
  );
}
