import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { navigate, safeNext, useLocation } from '../../router';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { sessionApi } from '../api';
import type { AdminSession } from '../types';
import { SESSION_KEY } from './session';

/** Admins sign in as themselves; the token stays in the backend's HttpOnly cookie. */
export function SignInPage() {
  const { query } = useLocation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNext(query.get('next'));

  useEffect(() => {
    document.title = 'Sign in · Tollgate admin';
  }, []);

  const signIn = useMutation({
    mutationFn: () =>
      sessionApi<{ admin: { id: string; email: string }; expires_at: string }>({ method: 'POST', body: { email, password }, redirectOn401: false }),
    onSuccess: (res) => {
      queryClient.clear();
      const session: AdminSession = { actor: `admin:${res.admin.email}`, admin: res.admin, expires_at: res.expires_at };
      queryClient.setQueryData(SESSION_KEY, session);
      navigate(next, { replace: true });
    },
    onError: () => setPassword(''),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate();
  };

  return (
    <main className="auth-page" id="main">
      <form className="panel auth-card" onSubmit={submit}>
        <p className="brand brand-large" aria-hidden="true">
          Tollgate admin
        </p>
        <h1>Sign in as an administrator</h1>
        <ErrorBanner error={signIn.error} />
        <Field label="Email" type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Button type="submit" variant="primary" busy={signIn.isPending} className="btn-block">
          Sign in
        </Button>
      </form>
    </main>
  );
}
