import { Link } from '../../router';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Loading, Page } from '../../ui/Page';
import { seg } from '../api';
import { AuditPanel } from './AuditPanel';
import { BalancePanel } from './BalancePanel';
import { KeysPanel } from './KeysPanel';
import { useTenant } from './queries';
import { SettingsPanel } from './SettingsPanel';
import { TierPanel } from './TierPanel';
import { UsersPanel } from './UsersPanel';
import { WebhooksPanel } from './WebhooksPanel';

/**
 * One tenant: balance and credits, budget and time zone, price tier, portal users and invites, API keys
 * (with their budgets), alert webhooks, audit log; its models, refunds and promotions a click away.
 */
export function TenantPage({ tenantId }: { tenantId: string }) {
  const tenant = useTenant(tenantId);
  if (tenant.isPending) return <Loading />;
  if (!tenant.data) return <ErrorBanner error={tenant.error} />;
  return (
    <Page
      title={tenant.data.name}
      actions={
        <span className="form-actions">
          <Link to={`/tenants/${seg(tenantId)}/models`}>Models and routes</Link>
          <Link to={`/tenants/${seg(tenantId)}/credits`}>Refunds and promotions</Link>
        </span>
      }
    >
      <p className="breadcrumbs">
        <Link to="/tenants">Tenants</Link> / <code>{tenantId}</code>
      </p>
      <BalancePanel tenantId={tenantId} />
      <SettingsPanel tenant={tenant.data} />
      <TierPanel tenantId={tenantId} />
      <UsersPanel tenantId={tenantId} />
      <KeysPanel tenantId={tenantId} />
      <WebhooksPanel tenantId={tenantId} />
      <AuditPanel tenantId={tenantId} />
    </Page>
  );
}
