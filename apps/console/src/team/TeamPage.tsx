import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/api';
import type { InviteResponse, List, Member, Role } from '../api/types';
import { useSignedIn } from '../auth/session';
import { Button } from '../ui/Button';
import { CopyField } from '../ui/CopyField';
import { Dialog } from '../ui/Dialog';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Field, SelectField } from '../ui/Field';
import { formatDate } from '../ui/format';
import { Loading, Page } from '../ui/Page';
import { Table, type Column } from '../ui/Table';
import { MemberActions } from './MemberActions';
import { absolute, ROLE_OPTIONS, USERS_KEY } from './team';

/** A one-time link to show: component state only. */
type OneTimeLink = { title: string; url: string };

function memberColumns(userId: string, onLink: (link: OneTimeLink) => void): Column<Member>[] {
  return [
    {
      header: 'Email',
      cell: (m) => (
        <>
          {m.email}
          {m.id === userId ? <span className="muted"> (you)</span> : null}
        </>
      ),
    },
    { header: 'Role', cell: (m) => ROLE_OPTIONS.find((r) => r.value === m.role)?.label ?? m.role },
    { header: 'Status', cell: (m) => <span className={`badge ${m.status === 'active' ? 'badge-active' : 'badge-expired'}`}>{m.status}</span> },
    { header: 'Added', cell: (m) => <span className="nowrap">{formatDate(m.created_at)}</span> },
    {
      header: <span className="visually-hidden">Actions</span>,
      cell: (m) => <MemberActions member={m} onLink={(url) => onLink({ title: `New password link for ${m.email}`, url: absolute(url) })} />,
    },
  ];
}

export function TeamPage() {
  const { user } = useSignedIn();
  const users = useQuery({ queryKey: USERS_KEY, queryFn: ({ signal }) => api<List<Member>>('/me/users', { signal }), select: (l) => l.data });
  // Shown once, component state only.
  const [link, setLink] = useState<OneTimeLink | null>(null);

  return (
    <Page title="Team">
      <InviteForm onInvited={setLink} />
      <Dialog
        open={link !== null}
        title={link?.title ?? ''}
        onClose={() => setLink(null)}
        actions={
          <Button variant="primary" onClick={() => setLink(null)}>
            Done
          </Button>
        }
      >
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
      {users.isPending ? (
        <Loading />
      ) : users.data ? (
        <Table caption="Team members" hideCaption columns={memberColumns(user.id, setLink)} rows={users.data} rowKey={(m) => m.id} empty="No members." />
      ) : null}
    </Page>
  );
}

function InviteForm({ onInvited }: { onInvited: (link: OneTimeLink) => void }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('developer');

  const invite = useMutation({
    mutationFn: () => api<InviteResponse>('/me/users', { method: 'POST', body: { email: email.trim(), role } }),
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      setEmail('');
      onInvited({ title: `Invite link for ${res.user.email}`, url: absolute(res.invite_url) });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate();
  };

  return (
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
  );
}
