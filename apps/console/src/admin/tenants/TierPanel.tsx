import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner, Notice } from '../../ui/ErrorBanner';
import { Field, SelectField } from '../../ui/Field';
import { formatDateTime } from '../../ui/format';
import { Table, type Column } from '../../ui/Table';
import { adminApi, seg } from '../api';
import { formatBp } from '../money-input';
import { useTiers } from '../pricing/queries';
import type { Tier, TenantTier, TierAssignment } from '../types';
import { tenantKey } from './queries';

const DEFAULT_LIST = '';

export function tierName(tiers: readonly Tier[] | undefined, id: string | null): string {
  if (id === null) return 'Default price list';
  const tier = tiers?.find((t) => t.id === id);
  if (!tier) return id.slice(0, 8);
  return tier.markupBp === null ? tier.name : `${tier.name} (+${formatBp(tier.markupBp)} %)`;
}

function useAssignTier(tenantId: string, onDone: (a: TierAssignment) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ tierId, from }: { tierId: string; from: string }) =>
      adminApi<TierAssignment>('billing', `/admin/tenants/${seg(tenantId)}/tier`, {
        method: 'POST',
        body: { tierId: tierId || null, ...(from ? { effectiveFrom: new Date(from).toISOString() } : {}) },
      }),
    onSuccess: (a) => {
      onDone(a);
      void queryClient.invalidateQueries({ queryKey: tenantKey(tenantId, 'tier') });
    },
  });
}

/** "Assign a tier": the tier (or the default list) and the date it applies from, now by default. */
function AssignTierForm({ tenantId, tiers }: { tenantId: string; tiers: readonly Tier[] | undefined }) {
  const [tierId, setTierId] = useState(DEFAULT_LIST);
  const [from, setFrom] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const assign = useAssignTier(tenantId, (a) => {
    setDone(`${tierName(tiers, a.tierId)} from ${formatDateTime(a.effectiveFrom)}.`);
    setFrom('');
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    assign.mutate({ tierId, from });
  };
  const options = [{ value: DEFAULT_LIST, label: 'Default price list' }, ...(tiers ?? []).map((t) => ({ value: t.id, label: tierName(tiers, t.id) }))];

  return (
    <form onSubmit={submit} aria-label="Assign a tier">
      <ErrorBanner error={assign.error} />
      {done ? <Notice>{done}</Notice> : null}
      <div className="form-grid form-grid-inline">
        <SelectField label="Tier" value={tierId} options={options} onChange={(e) => setTierId(e.target.value)} />
        <Field
          label="Effective from"
          type="datetime-local"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          hint="Your local time; empty: now. Earlier calls keep their prices."
        />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={assign.isPending}>
            Assign tier
          </Button>
        </div>
      </div>
    </form>
  );
}

/** The tenant's price tier: the assignment in force and the history; a new one applies from a date (now by default). */
export function TierPanel({ tenantId }: { tenantId: string }) {
  const tiers = useTiers();
  const current = useQuery({
    queryKey: tenantKey(tenantId, 'tier'),
    queryFn: ({ signal }) => adminApi<TenantTier>('billing', `/admin/tenants/${seg(tenantId)}/tier`, { signal }),
  });
  const columns: Column<TierAssignment>[] = [
    { header: 'From', cell: (a) => <span className="nowrap">{formatDateTime(a.effectiveFrom)}</span> },
    { header: 'Tier', cell: (a) => tierName(tiers.data, a.tierId) },
    { header: 'By', cell: (a) => <code>{a.createdBy}</code> },
  ];

  return (
    <section className="panel section" aria-labelledby="tier-title">
      <h2 id="tier-title">Price tier</h2>
      <ErrorBanner error={current.error ?? tiers.error} />
      {current.data ? (
        <p aria-label="Tier in force">
          In force now: <strong>{tierName(tiers.data, current.data.current?.tierId ?? null)}</strong>
        </p>
      ) : null}
      <AssignTierForm tenantId={tenantId} tiers={tiers.data} />
      {current.data ? (
        <Table caption="Tier history" columns={columns} rows={current.data.history} rowKey={(a) => a.id} empty="Never assigned: the default price list." />
      ) : null}
    </section>
  );
}
