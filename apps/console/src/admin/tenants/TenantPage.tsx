import { Link } from '../../router';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Loading, Page } from '../../ui/Page';
import { seg } from '../api';
import { AuditPanel } from './AuditPanel';
import { BalancePanel } from './BalancePanel';
import { KeysPanel } from './KeysPanel';
import { useTenant } from './queries';
import { UsersPanel } from './UsersPanel';

/** One tenant: balance and credits, portal users and invites, API keys, audit log; its models a click away. */
export function TenantPage({ tenantId }: { tenantId: string }) {
  const tenant = useTenant(tenantId);
  if (tenant.isPending) return <Loading />;
  if (!tenant.data) return <ErrorBanner error={tenant.error} />;
  return (
    <Page title={tenant.data.name} actions={<Link to={`/tenants/${seg(tenantId)}/models`}>Models and routes</Link>}>
      <p className="breadcrumbs">
        <Link to="/tenants">Tenants</Link> / <code>{tenantId}</code>
      </p>
      <BalancePanel tenantId={tenantId} />
      <UsersPanel tenantId={tenantId} />
      <KeysPanel tenantId={tenantId} />
      <AuditPanel tenantId={tenantId} />
    </Page>
  );
}
