import { useState } from 'react';
import { useSignedIn } from '../auth/session';
import { Button } from '../ui/Button';
import { SecretOnce } from '../ui/CopyField';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Loading, Page } from '../ui/Page';
import { DeliveryLog } from './DeliveryLog';
import { NewWebhookForm } from './NewWebhookForm';
import { useEndpointActions, useEndpoints } from './queries';
import { ThresholdForm } from './ThresholdForm';
import type { WebhookEndpoint, WebhookEndpointWithSecret } from './types';
import './webhooks.css';

/** Alerts by signed webhook: endpoints, their events and delivery logs, and the balance-low threshold. */
export function WebhooksPage() {
  const { can } = useSignedIn();
  const editable = can('billing:write');
  const endpoints = useEndpoints();
  const [secret, setSecret] = useState<{ url: string; value: string } | null>(null);
  const showSecret = (e: WebhookEndpointWithSecret) => setSecret({ url: e.url, value: e.secret });

  return (
    <Page title="Webhooks">
      <p className="hint">
        Tollgate POSTs alerts to your endpoints, signed per Standard Webhooks (<code>webhook-id</code>, <code>webhook-timestamp</code>,{' '}
        <code>webhook-signature</code>), and retries for up to a day. Verify each with the endpoint’s signing secret.
      </p>
      {secret ? (
        <SecretOnce
          title="Signing secret"
          label={`Signing secret for ${secret.url}`}
          value={secret.value}
          note="Copy it now: it is not shown again. Rotate it if it is lost."
          onDone={() => setSecret(null)}
        />
      ) : null}
      <ThresholdForm editable={editable} />
      {editable ? <NewWebhookForm onCreated={showSecret} /> : null}
      <section className="panel" aria-labelledby="endpoints-title">
        <h2 id="endpoints-title">Endpoints</h2>
        <ErrorBanner error={endpoints.error} />
        {endpoints.isPending ? <Loading /> : null}
        {endpoints.data && !endpoints.data.data.length ? <p>No endpoints yet.</p> : null}
        {endpoints.data?.data.map((e) => (
          <EndpointCard key={e.id} endpoint={e} editable={editable} onSecret={showSecret} />
        ))}
      </section>
    </Page>
  );
}

function EndpointCard({ endpoint: e, editable, onSecret }: { endpoint: WebhookEndpoint; editable: boolean; onSecret: (e: WebhookEndpointWithSecret) => void }) {
  const actions = useEndpointActions(e.id);
  const [showLog, setShowLog] = useState(false);
  const failure = actions.test.error ?? actions.rotate.error ?? actions.toggle.error ?? actions.remove.error;
  const remove = () => {
    if (window.confirm(`Delete the endpoint ${e.url} and its delivery log?`)) actions.remove.mutate();
  };
  return (
    <article className="webhook-endpoint" aria-label={`Endpoint ${e.url}`}>
      <h3 className="mono">{e.url}</h3>
      {e.description ? <p>{e.description}</p> : null}
      <p>
        {e.enabled ? 'Enabled' : 'Disabled'} · Events:{' '}
        {e.event_types.map((t) => (
          <code key={t}>{t} </code>
        ))}
      </p>
      <ErrorBanner error={failure} />
      {actions.test.isSuccess ? <p role="status">Test event queued.</p> : null}
      <div className="form-actions">
        {editable ? (
          <>
            <Button
              small
              busy={actions.test.isPending}
              onClick={() => actions.test.mutate(undefined, { onSuccess: () => setShowLog(true) })}
              aria-label={`Send test event to ${e.url}`}
            >
              Send test event
            </Button>
            <Button
              small
              busy={actions.rotate.isPending}
              onClick={() => actions.rotate.mutate(undefined, { onSuccess: onSecret })}
              aria-label={`Rotate secret of ${e.url}`}
            >
              Rotate secret
            </Button>
            <Button
              small
              busy={actions.toggle.isPending}
              onClick={() => actions.toggle.mutate(!e.enabled)}
              aria-label={`${e.enabled ? 'Disable' : 'Enable'} ${e.url}`}
            >
              {e.enabled ? 'Disable' : 'Enable'}
            </Button>
            <Button small busy={actions.remove.isPending} onClick={remove} aria-label={`Delete ${e.url}`}>
              Delete
            </Button>
          </>
        ) : null}
        <Button small onClick={() => setShowLog((v) => !v)} aria-expanded={showLog} aria-label={`Delivery log of ${e.url}`}>
          {showLog ? 'Hide delivery log' : 'Delivery log'}
        </Button>
      </div>
      {showLog ? <DeliveryLog endpointId={e.id} url={e.url} /> : null}
    </article>
  );
}
