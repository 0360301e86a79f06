import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatDateTime } from '../../ui/format';
import { formatMicros } from '../../ui/money';
import { adminApi, seg } from '../api';
import { BudgetFields, budgetBody, budgetText, draftOf, type BudgetDraft } from '../budgets/BudgetFields';
import type { EffectiveBudget, KeyWithBudget } from '../types';
import { tenantKey } from './queries';

/** The key's own budget, and what binds it now (its own or the tenant's, whichever has less left). */
export function KeyBudgetCell({ keyRow }: { keyRow: KeyWithBudget }) {
  const eff: EffectiveBudget | null | undefined = keyRow.effectiveBudget;
  return (
    <span>
      {budgetText(keyRow.budget ?? null)}
      {eff ? (
        <span className="hint" style={{ display: 'block' }}>
          {formatMicros(eff.remainingMicros)} left of the {eff.scope}&apos;s {formatMicros(eff.micros)}
          {eff.resetsAt ? `, resets ${formatDateTime(eff.resetsAt)}` : ''}
        </span>
      ) : null}
    </span>
  );
}

/** Sets (or, with an empty amount, removes) a key's budget: PATCH /admin/keys/{id}. */
export function KeyBudgetDialog({ tenantId, keyRow, onClose }: { tenantId: string; keyRow: KeyWithBudget; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<BudgetDraft>(() => draftOf(keyRow.budget ?? null));
  const parsed = budgetBody(draft);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => adminApi('auth', `/admin/keys/${seg(keyRow.id)}`, { method: 'PATCH', body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: tenantKey(tenantId, 'keys') });
      void queryClient.invalidateQueries({ queryKey: tenantKey(tenantId, 'audit') });
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if ('body' in parsed) save.mutate(parsed.body);
  };
  return (
    <Dialog
      open
      title={`Budget of key ${keyRow.label}`}
      onClose={() => !save.isPending && onClose()}
      actions={
        <>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" form={`budget-${keyRow.id}`} variant="primary" busy={save.isPending} disabled={'error' in parsed}>
            Save budget
          </Button>
        </>
      }
    >
      <form id={`budget-${keyRow.id}`} onSubmit={submit}>
        <ErrorBanner error={save.error} />
        {'error' in parsed ? <p className="field-error">{parsed.error}</p> : null}
        <BudgetFields draft={draft} onChange={setDraft} />
        <p className="hint">
          Periods follow the tenant&apos;s reporting time zone. An empty amount removes the key&apos;s budget (the tenant&apos;s still applies).
        </p>
      </form>
    </Dialog>
  );
}
