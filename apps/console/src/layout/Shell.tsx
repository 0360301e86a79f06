import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, ApiError } from '../api/api';
import { allowedNav } from '../auth/scopes';
import { useSession } from '../auth/session';
import { Link, navigate, useLocation } from '../router';
import { Button } from '../ui/Button';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Loading } from '../ui/Page';

/** The signed-in frame: nav of the pages the session's scopes allow, the email, "Sign out". */
export function Shell({ children }: { children: ReactNode }) {
  const session = useSession();

  if (session.isPending) {
    return (
      <main className="auth-page" id="main">
        <Loading label="Loading your console…" />
      </main>
    );
  }
  if (session.isError || !session.data) {
    return (
      <main className="auth-page" id="main">
        <ErrorBanner error={session.error} />
        <p>
          <Link to="/sign-in">Go to the sign-in page</Link>
        </p>
      </main>
    );
  }

  const { user, scopes } = session.data;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Tollgate
        </Link>
        <ConsoleNav scopes={scopes} />
        <Account email={user.email} />
      </header>
      <main id="main" className="content">
        {children}
      </main>
    </div>
  );
}

function ConsoleNav({ scopes }: { scopes: Parameters<typeof allowedNav>[0] }) {
  const { path } = useLocation();
  return (
    <nav aria-label="Console">
      <ul>
        {allowedNav(scopes).map((item) => {
          const current = path === item.path || path.startsWith(`${item.path}/`);
          return (
            <li key={item.path}>
              <Link to={item.path} aria-current={current ? 'page' : undefined}>
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Signing out ends the session; a 401 (already signed out) counts as done. */
function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/me/session', { method: 'DELETE', redirectOn401: false }),
    onSettled: (_data, err) => {
      if (err && !(err instanceof ApiError && err.status === 401)) return;
      queryClient.clear();
      navigate('/sign-in', { replace: true });
    },
  });
}

function Account({ email }: { email: string }) {
  const signOut = useSignOut();
  return (
    <div className="account">
      <span className="account-email" title={email}>
        {email}
      </span>
      <Button small onClick={() => signOut.mutate()} busy={signOut.isPending}>
        Sign out
      </Button>
      <ErrorBanner error={signOut.error} />
    </div>
  );
}
