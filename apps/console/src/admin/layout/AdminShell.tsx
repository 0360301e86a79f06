import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../../api/api';
import { Link, navigate, useLocation } from '../../router';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Loading } from '../../ui/Page';
import { sessionApi } from '../api';
import { useAdminSession } from '../session/session';

export const ADMIN_NAV = [
  { path: '/tenants', label: 'Tenants' },
  { path: '/providers', label: 'Providers' },
  { path: '/prices', label: 'Prices' },
  { path: '/tiers', label: 'Tiers' },
  { path: '/cost-prices', label: 'Cost prices' },
  { path: '/margins', label: 'Margins' },
  { path: '/payments', label: 'Payments' },
] as const;

/** The signed-in frame: nav, the admin's email, "Sign out". */
export function AdminShell({ children }: { children: ReactNode }) {
  const session = useAdminSession();

  if (session.isPending) {
    return (
      <main className="auth-page" id="main">
        <Loading label="Loading the admin console…" />
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

  const who = session.data.admin?.email ?? session.data.actor;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Tollgate admin
        </Link>
        <AdminNav />
        <Account who={who} />
      </header>
      <main id="main" className="content">
        {children}
      </main>
    </div>
  );
}

function AdminNav() {
  const { path } = useLocation();
  return (
    <nav aria-label="Admin console">
      <ul>
        {ADMIN_NAV.map((item) => {
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
    mutationFn: () => sessionApi<void>({ method: 'DELETE', redirectOn401: false }),
    onSettled: (_data, err) => {
      if (err && !(err instanceof ApiError && err.status === 401)) return;
      queryClient.clear();
      navigate('/sign-in', { replace: true });
    },
  });
}

function Account({ who }: { who: string }) {
  const signOut = useSignOut();
  return (
    <div className="account">
      <span className="account-email" title={who}>
        {who}
      </span>
      <Button small onClick={() => signOut.mutate()} busy={signOut.isPending}>
        Sign out
      </Button>
      <ErrorBanner error={signOut.error} />
    </div>
  );
}
