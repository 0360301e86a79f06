import { useState, type ReactNode } from 'react';
import type { Key, KeyWithSecret } from '../api/types';
import { useSignedIn } from '../auth/session';
import { Button } from '../ui/Button';
import { SecretOnce } from '../ui/CopyField';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDate, formatDateTime } from '../ui/format';
import { Loading, Page } from '../ui/Page';
import { Table, type Column } from '../ui/Table';
import { BudgetedKey, describeBudget, remainingText } from './budget';
import { KeyActions } from './KeyActions';
import { NewKeyForm } from './NewKeyForm';
import { useKeys } from './queries';

function StatusBadge({ status }: { status: Key['status'] }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}

/** What is left of the budget that binds the key now (its own or the organization's), and when it resets. */
function BudgetCell({ k }: { k: BudgetedKey }) {
  const e = k.effective_budget;
  if (!e) return <span className="muted">None</span>;
  return (
    <span>
      <span className="nowrap">{remainingText(e)}</span>
      <br />
      <span className="muted nowrap">
        {e.scope === 'organization'
          ? "Organization's budget"
          : k.budget_micros && k.budget_period
            ? `Key: ${describeBudget(k.budget_micros, k.budget_period)}`
            : 'Key budget'}
        {e.resets_at ? (
          <>
            {' · resets '}
            <time dateTime={e.resets_at} title={e.resets_at}>
              {formatDateTime(e.resets_at)}
            </time>
          </>
        ) : null}
      </span>
    </span>
  );
}

/** A key's restrictions as tags, or what an empty list means. */
function Tags({ items, empty }: { items: readonly string[]; empty: ReactNode }) {
  if (!items.length) return <>{empty}</>;
  return (
    <span className="tags">
      {items.map((item) => (
        <code key={item}>{item}</code>
      ))}
    </span>
  );
}

function keyColumns(manage: boolean, onRotated: (key: KeyWithSecret) => void): Column<BudgetedKey>[] {
  const columns: Column<BudgetedKey>[] = [
    { header: 'Name', className: 'sticky-col', cell: (k) => <strong className="nowrap">{k.label}</strong> },
    { header: 'Key', cell: (k) => <code className="nowrap">{k.masked}</code> },
    { header: 'Scopes', cell: (k) => <Tags items={k.scopes} empty="—" /> },
    { header: 'Models', cell: (k) => <Tags items={k.models} empty={<span className="muted">All</span>} /> },
    { header: 'Providers', cell: (k) => <Tags items={k.providers} empty={<span className="muted">Any</span>} /> },
    { header: 'Budget', cell: (k) => <BudgetCell k={k} /> },
    { header: 'Expires', cell: (k) => <span className="nowrap">{formatDate(k.expires_at, 'Never')}</span> },
    {
      header: 'Last used',
      cell: (k) => (
        <time className="nowrap" dateTime={k.last_used_at ?? undefined} title={k.last_used_at ?? undefined}>
          {formatDateTime(k.last_used_at, 'Never')}
        </time>
      ),
    },
    { header: 'Created', cell: (k) => <span className="nowrap">{formatDate(k.created_at)}</span> },
    { header: 'Status', cell: (k) => <StatusBadge status={k.status} /> },
  ];
  if (manage) {
    columns.push({
      header: <span className="visually-hidden">Actions</span>,
      cell: (k) => <KeyActions apiKey={k} onRotated={onRotated} />,
    });
  }
  return columns;
}

export function KeysPage() {
  const { can } = useSignedIn();
  const manage = can('keys:manage');
  const keys = useKeys();
  const [creating, setCreating] = useState(false);
  // The secret lives only here, in component state, until "Done".
  const [secret, setSecret] = useState<{ key: KeyWithSecret; rotated: boolean } | null>(null);
  const columns = keyColumns(manage, (key) => setSecret({ key, rotated: true }));

  return (
    <Page
      title="API keys"
      actions={
        manage && !creating && !secret ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            New key
          </Button>
        ) : null
      }
    >
      {secret ? (
        <SecretOnce
          title={secret.rotated ? `New secret for ${secret.key.label}` : `Key ${secret.key.label} created`}
          label="Secret key"
          value={secret.key.key}
          note="This key will not be shown again."
          onDone={() => setSecret(null)}
        />
      ) : null}
      {creating ? (
        <NewKeyForm
          onCreated={(key) => {
            setCreating(false);
            setSecret({ key, rotated: false });
          }}
          onCancel={() => setCreating(false)}
        />
      ) : null}
      <ErrorBanner error={keys.error} />
      {keys.isPending ? (
        <Loading />
      ) : keys.data ? (
        <Table caption="API keys" hideCaption columns={columns} rows={keys.data} rowKey={(k) => k.id} empty="No keys yet." />
      ) : null}
    </Page>
  );
}
