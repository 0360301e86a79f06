import { useEffect, type ReactNode } from 'react';
import { Link, navigate, useLocation } from '../router';
import { Page } from '../ui/Page';
import { AdminShell } from './layout/AdminShell';
import { ModelsPage } from './models/ModelsPage';
import { PaymentsPage } from './payments/PaymentsPage';
import { PricesPage } from './prices/PricesPage';
import { CostPricesPage } from './pricing/CostPricesPage';
import { TiersPage } from './pricing/TiersPage';
import { ProvidersPage } from './providers/ProvidersPage';
import { MarginsPage } from './reports/MarginsPage';
import { SignInPage } from './session/SignInPage';
import { TenantCreditsPage } from './tenants/TenantCreditsPage';
import { TenantPage } from './tenants/TenantPage';
import { TenantsPage } from './tenants/TenantsPage';

const TENANT = /^\/tenants\/([^/]+)$/;
const TENANT_MODELS = /^\/tenants\/([^/]+)\/models$/;
const TENANT_CREDITS = /^\/tenants\/([^/]+)\/credits$/;

function route(path: string): ReactNode {
  if (path === '/tenants') return <TenantsPage />;
  if (path === '/providers') return <ProvidersPage />;
  if (path === '/prices') return <PricesPage />;
  if (path === '/payments') return <PaymentsPage />;
  if (path === '/tiers') return <TiersPage />;
  if (path === '/cost-prices') return <CostPricesPage />;
  if (path === '/margins') return <MarginsPage />;
  const models = TENANT_MODELS.exec(path);
  if (models) return <ModelsPage tenantId={decodeURIComponent(models[1])} />;
  const credits = TENANT_CREDITS.exec(path);
  if (credits) return <TenantCreditsPage tenantId={decodeURIComponent(credits[1])} />;
  const tenant = TENANT.exec(path);
  if (tenant) return <TenantPage key={tenant[1]} tenantId={decodeURIComponent(tenant[1])} />;
  return null;
}

export function App() {
  const { path } = useLocation();
  if (path === '/sign-in') return <SignInPage />;
  return (
    <AdminShell>
      <SignedInRoute path={path} />
    </AdminShell>
  );
}

function SignedInRoute({ path }: { path: string }) {
  useEffect(() => {
    if (path === '/') navigate('/tenants', { replace: true });
  }, [path]);
  if (path === '/') return null;
  return (
    route(path) ?? (
      <Page title="Page not found">
        <p>
          There is no such page. <Link to="/tenants">Go to the tenants.</Link>
        </p>
      </Page>
    )
  );
}
