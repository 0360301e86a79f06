import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/api';
import type { List, UserSession } from '../api/types';
import { useSignedIn } from '../auth/session';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/Dialog';
import { ErrorBanner, Notice } from '../ui/ErrorBanner';
import { Field } from '../ui/Field';
import { formatDateTime } from '../ui/format';
import { Loading, Page } from '../ui/Page';
import { Table, type Column } from '../ui/Table';

const SESSIONS_KEY = ['sessions'] as const;

export function SettingsPage() {
  const { user } = useSignedIn();
  return (
    <Page title="Settings">
      <section className="panel" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <dl className="details">
          <div>
            <dt>Email</dt>
            <dd>{user.email}</dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd>{user.role}</dd>
          </div>
        </dl>
      </section>
      <PasswordForm />
      <Sessions />
    </Page>
  );
}

function PasswordForm() {
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useMutation({
    mutationFn: () => api<void>('/me/password', { method: 'POST', body: { current_password: current, new_password: next } }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate();
  };
  const err = change.error;
  const param = err instanceof ApiError ? err.param : null;
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      {change.isSuccess ? <Notice>Password changed. Your other sessions were signed out.</Notice> : null}
      {err && param !== 'new_password' && param !== 'current_password' ? <ErrorBanner error={err} /> : null}
      <div className="form-grid">
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={param === 'current_password' && err ? err.message : null}
        />
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={param === 'new_password' && err ? err.message : null}
        />
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={change.isPending}>
          Change password
        </Button>
      </div>
    </form>
  );
}

function Sessions() {
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: SESSIONS_KEY, queryFn: ({ signal }) => api<List<UserSession>>('/me/sessions', { signal }), select: (l) => l.data });
  const [target, setTarget] = useState<UserSession | null>(null);
  const end = useMutation({
    mutationFn: (id: string) => api<void>(`/me/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => {
      setTarget(null);
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
  });
  const columns: Column<UserSession>[] = [
    { header: 'Signed in', cell: (s) => <span className="nowrap">{formatDateTime(s.created_at)}</span> },
    { header: 'Last seen', cell: (s) => <span className="nowrap">{formatDateTime(s.last_seen_at)}</span> },
    { header: 'Expires', cell: (s) => <span className="nowrap">{formatDateTime(s.expires_at)}</span> },
    {
      header: <span className="visually-hidden">Actions</span>,
      cell: (s) =>
        s.current ? (
          <span className="badge badge-active">This session</span>
        ) : (
          <Button
            small
            onClick={() => {
              end.reset();
              setTarget(s);
            }}
            aria-label={`Sign out the session signed in ${formatDateTime(s.created_at)}`}
          >
            Sign out
          </Button>
        ),
    },
  ];
  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      <ErrorBanner error={sessions.error} />
      {sessions.isPending ? (
        <Loading />
      ) : sessions.data ? (
        <Table caption="Your sessions" hideCaption columns={columns} rows={sessions.data} rowKey={(s) => s.id} />
      ) : null}
      <ConfirmDialog
        open={target !== null}
        title="Sign out that session?"
        confirmLabel="Sign out session"
        danger
        busy={end.isPending}
        error={end.error}
        onConfirm={() => target && end.mutate(target.id)}
        onCancel={() => !end.isPending && setTarget(null)}
      >
        <p>The browser signed in {target ? formatDateTime(target.created_at) : ''} will have to sign in again.</p>
      </ConfirmDialog>
    </section>
  );
}
