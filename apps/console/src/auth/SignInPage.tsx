import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/api';
import type { SignInResponse } from '../api/types';
import { navigate, safeNext, useLocation } from '../router';
import { Button } from '../ui/Button';
import { ErrorBanner, Notice } from '../ui/ErrorBanner';
import { Field } from '../ui/Field';
import { SESSION_KEY } from './session';

export function SignInPage() {
  const { query } = useLocation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNext(query.get('next'));
  const passwordSet = query.get('password_set') === '1';
  const ended = query.get('ended') === '1';

  useEffect(() => {
    document.title = 'Sign in · Tollgate console';
  }, []);

  const signIn = useMutation({
    mutationFn: () => api<SignInResponse>('/me/session', { method: 'POST', body: { email, password }, redirectOn401: false }),
    onSuccess: (res) => {
      queryClient.clear();
      queryClient.setQueryData(SESSION_KEY, { user: res.user, scopes: res.scopes });
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
      <form className="panel auth-card" onSubmit={submit} noValidate={false}>
        <p className="brand brand-large" aria-hidden="true">
          Tollgate
        </p>
        <h1>Sign in to the console</h1>
        {passwordSet ? <Notice>Your password is set. Sign in with it.</Notice> : null}
        {ended ? <Notice>Your session has ended (signed out, or idle too long). Sign in again to go on where you were.</Notice> : null}
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
