import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { AcceptInvitePage } from './auth/AcceptInvitePage';
import { allowedNav, hasScope, NAV } from './auth/scopes';
import { useSession } from './auth/session';
import { SignInPage } from './auth/SignInPage';
import { Shell } from './layout/Shell';
import { navigate, useLocation } from './router';
import { AuditPage } from './audit/AuditPage';
import { BillingPage } from './billing/BillingPage';
import { HealthPage } from './health/HealthPage';
import { KeysPage } from './keys/KeysPage';
import { LogsPage } from './logs/LogsPage';
import { SettingsPage } from './settings/SettingsPage';
import { TeamPage } from './team/TeamPage';
import { WebhooksPage } from './webhooks/WebhooksPage';
import { Loading, Page } from './ui/Page';
import { Link } from './router';

// The usage page carries the chart library: its own chunk, loaded on first visit.
const UsagePage = lazy(() => import('./usage/UsagePage').then((m) => ({ default: m.UsagePage })));

const PAGES: Record<string, ComponentType> = {
  '/keys': KeysPage,
  '/usage': UsagePage,
  '/logs': LogsPage,
  '/health': HealthPage,
  '/billing': BillingPage,
  '/webhooks': WebhooksPage,
  '/audit': AuditPage,
  '/team': TeamPage,
  '/settings': SettingsPage,
};

export function App() {
  const { path } = useLocation();
  if (path === '/sign-in') return <SignInPage />;
  if (path === '/accept-invite') return <AcceptInvitePage />;
  return (
    <Shell>
      <SignedInRoute path={path} />
    </Shell>
  );
}

function SignedInRoute({ path }: { path: string }) {
  const { data } = useSession();
  const scopes = data?.scopes ?? [];
  const home = allowedNav(scopes)[0]?.path ?? '/settings';

  useEffect(() => {
    if (path === '/') navigate(home, { replace: true });
  }, [path, home]);

  if (path === '/') return null;
  const Component = PAGES[path];
  if (!Component) return <NotFound />;
  const scope = NAV.find((n) => n.path === path)?.scope ?? null;
  if (scope && !hasScope(scopes, scope)) return <Forbidden scope={scope} />;
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

function NotFound() {
  return (
    <Page title="Page not found">
      <p>
        There is no such page. <Link to="/">Go to the console home.</Link>
      </p>
    </Page>
  );
}

function Forbidden({ scope }: { scope: string }) {
  return (
    <Page title="Not allowed">
      <p>
        Your role does not include <code>{scope}</code>, which this page needs. Ask a team owner.
      </p>
    </Page>
  );
}
