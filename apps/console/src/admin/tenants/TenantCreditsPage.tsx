import { Link } from '../../router';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Loading, Page } from '../../ui/Page';
import { seg } from '../api';
import { PromotionsPanel } from './PromotionsPanel';
import { useTenant } from './queries';
import { RefundsPanel } from './RefundsPanel';

/** A tenant's refunds (with their credit notes) and promotional credit grants. */
export function TenantCreditsPage({ tenantId }: { tenantId: string }) {
  const tenant = useTenant(tenantId);
  if (tenant.isPending) return <Loading />;
  if (!tenant.data) return <ErrorBanner error={tenant.error} />;
  return (
    <Page title={`Refunds and promotions of ${tenant.data.name}`}>
      <p className="breadcrumbs">
        <Link to="/tenants">Tenants</Link> / <Link to={`/tenants/${seg(tenantId)}`}>{tenant.data.name}</Link>
      </p>
      <RefundsPanel tenantId={tenantId} timeZone={tenant.data.reportingTimeZone ?? 'UTC'} />
      <PromotionsPanel tenantId={tenantId} />
    </Page>
  );
}
