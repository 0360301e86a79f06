import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/api';
import { ROLES, type InviteResponse, type List, type Member, type ResetResponse, type Role } from '../api/types';
import { useSignedIn } from '../auth/session';
import { Button } from '../ui/Button';
import { CopyField } from '../ui/CopyField';
import { ConfirmDialog, Dialog } from '../ui/Dialog';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Field, SelectField } from '../ui/Field';
import { formatDate } from '../ui/format';
import { Loading, Page } from '../ui/Page';
import { Table, type Column } from '../ui/Table';

const USERS_KEY = ['users'] as const;
const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: r[0].toUpperCase() + r.slice(1) }));

/** The invite URL as a full link (the API may answer a path). */
function absolute(url: string): string {
  try {
    return new URL(url, location.origin).toString();
  } catch {
    return url;
  }
}

export function TeamPage() {
  const { user } = useSignedIn();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: USERS_KEY, queryFn: ({ signal }) => api<List<Member>>('/me/users', { signal }), select: (l) => l.data });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('developer');
  // Shown once, component state only.
  const [link, setLink] = useState<{ title: string; url: string } | null>(null);

  const invite = useMutation({
    mutationFn: () => api<InviteResponse>('/me/users', { method: 'POST', body: { email: email.trim(), role } }),
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      setEmail('');
      setLink({ title: `Invite link for ${res.user.email}`, url: absolute(res.invite_url) });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate();
  };

  const columns: Column<Member>[] = [
    {
      header: 'Email',
      cell: (m) => (
        <>
          {m.email}
          {m.id === user.id ? <span className="muted"> (you)</span> : null}
        </>
      ),
    },
    { header: 'Role', cell: (m) => ROLE_OPTIONS.find((r) => r.value === m.role)?.label ?? m.role },
    { header: 'Status', cell: (m) => <span className={`badge ${m.status === 'active' ? 'badge-active' : 'badge-expired'}`}>{m.status}</span> },
    { header: 'Added', cell: (m) => <span className="nowrap">{formatDate(m.created_at)}</span> },
    {
      header: <span className="visually-hidden">Actions</span>,
      cell: (m) => <MemberActions member={m} onLink={(url) => setLink({ title: `New password link for ${m.email}`, url: absolute(url) })} />,
    },
  ];

  return (
    <Page title="Team">
      <form className="panel" onSubmit={submit} aria-labelledby="invite-title">
        <h2 id="invite-title">Invite a member</h2>
        <ErrorBanner error={invite.error} />
        <div className="form-grid form-grid-inline">
          <Field label="Email" type="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
          <SelectField label="Role" value={role} options={ROLE_OPTIONS} onChange={(e) => setRole(e.target.value as Role)} />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={invite.isPending}>
              Invite
            </Button>
          </div>
        </div>
      </form>
      <Dialog open={link !== null} title={link?.title ?? ''} onClose={() => setLink(null)} actions={<Button variant="primary" onClick={() => setLink(null)}>Done</Button>}>
        {link ? (
          <>
            <CopyField label="Link" value={link.url} />
            <p className="warning">
              <strong>This link will not be shown again.</strong> Send it to them; it sets their password once.
            </p>
          </>
        ) : null}
      </Dialog>
      <ErrorBanner error={users.error} />
      {users.isPending ? <Loading /> : users.data ? <Table caption="Team members" hideCaption columns={columns} rows={users.data} rowKey={(m) => m.id} empty="No members." /> : null}
    </Page>
  );
}

type Action = 'role' | 'remove' | 'reset';

function MemberActions({ member, onLink }: { member: Member; onLink: (url: string) => void }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Action | null>(null);
  const [role, setRole] = useState<Role>(member.role);
  const path = `/me/users/${encodeURIComponent(member.id)}`;

  const mutation = useMutation({
    mutationFn: async (action: Action): Promise<string | null> => {
      if (action === 'role') {
        await api<Member>(path, { method: 'PATCH', body: { role } });
        return null;
      }
      if (action === 'remove') {
        await api<void>(path, { method: 'DELETE' });
        return null;
      }
      return (await api<ResetResponse>(`${path}/reset`, { method: 'POST' })).invite_url;
    },
    onSuccess: (url) => {
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      setOpen(null);
      if (url) onLink(url);
    },
  });
  const show = (a: Action) => {
    mutation.reset();
    setRole(member.role);
    setOpen(a);
  };
  const close = () => !mutation.isPending && setOpen(null);
  const confirm = () => open && mutation.mutate(open);

  return (
    <div className="row-actions">
      <Button small onClick={() => show('role')} aria-label={`Change role of ${member.email}`}>
        Change role
      </Button>
      <Button small onClick={() => show('reset')} aria-label={`Reset password of ${member.email}`}>
        Reset password
      </Button>
      <Button small variant="danger" onClick={() => show('remove')} aria-label={`Remove ${member.email}`}>
        Remove
      </Button>
      <ConfirmDialog open={open === 'role'} title={`Change role of ${member.email}`} confirmLabel="Change role" busy={mutation.isPending} error={mutation.error} onConfirm={confirm} onCancel={close}>
        <SelectField label="New role" value={role} options={ROLE_OPTIONS} onChange={(e) => setRole(e.target.value as Role)} />
      </ConfirmDialog>
      <ConfirmDialog open={open === 'reset'} title={`Reset password of ${member.email}`} confirmLabel="Reset password" danger busy={mutation.isPending} error={mutation.error} onConfirm={confirm} onCancel={close}>
        <p>Their sessions end and you get a new one-time link for them to set a password.</p>
      </ConfirmDialog>
      <ConfirmDialog open={open === 'remove'} title={`Remove ${member.email}`} confirmLabel="Remove" danger busy={mutation.isPending} error={mutation.error} onConfirm={confirm} onCancel={close}>
        <p>They lose access to this tenant and their sessions end.</p>
      </ConfirmDialog>
    </div>
  );
}
