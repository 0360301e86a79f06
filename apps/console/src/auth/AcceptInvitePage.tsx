import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/api';
import type { AcceptInviteResponse } from '../api/types';
import { Link, navigate, useLocation } from '../router';
import { Button } from '../ui/Button';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Field } from '../ui/Field';

/** The form's state: the two passwords must match before the invite is accepted with the token. */
function useAcceptInvite(token: string) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);

  const accept = useMutation({
    mutationFn: () => api<AcceptInviteResponse>('/me/invites/accept', { method: 'POST', body: { token, password }, redirectOn401: false }),
    onSuccess: () => navigate('/sign-in?password_set=1', { replace: true }),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    accept.mutate();
  };
  return { password, setPassword, confirm, setConfirm, mismatch, accept, submit };
}

export function AcceptInvitePage() {
  const { query } = useLocation();
  const token = query.get('token') ?? '';
  const { password, setPassword, confirm, setConfirm, mismatch, accept, submit } = useAcceptInvite(token);

  useEffect(() => {
    document.title = 'Set your password · Tollgate console';
  }, []);

  const err = accept.error;
  const passwordError = err instanceof ApiError && err.param === 'password' ? err.message : null;

  return (
    <main className="auth-page" id="main">
      <form className="panel auth-card" onSubmit={submit}>
        <p className="brand brand-large" aria-hidden="true">
          Tollgate
        </p>
        <h1>Set your password</h1>
        {!token ? (
          <p className="banner banner-error" role="alert">
            This link has no invite token. Ask your team owner for a new link.
          </p>
        ) : null}
        {err && !passwordError ? <ErrorBanner error={err} /> : null}
        <Field
          label="Password"
          type="password"
          name="new-password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={passwordError}
          autoFocus
        />
        <Field
          label="Confirm"
          hint="Type the same password again."
          type="password"
          name="confirm-password"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={mismatch ? 'The two passwords differ.' : null}
        />
        <Button type="submit" variant="primary" busy={accept.isPending} disabled={!token} className="btn-block">
          Set password
        </Button>
        <p className="hint">
          Already set? <Link to="/sign-in">Sign in</Link>
        </p>
      </form>
    </main>
  );
}
