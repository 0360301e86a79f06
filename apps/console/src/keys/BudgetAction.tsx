import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/api';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/Dialog';
import { Field, SelectField } from '../ui/Field';
import { formatMicros, parseMoneyToMicros } from '../ui/money';
import { BUDGET_PERIODS, BudgetedKey, BudgetPatch, BudgetPeriod, PERIOD_LABELS } from './budget';
import { KEYS_KEY } from './queries';

const PERIOD_OPTIONS = BUDGET_PERIODS.map((p) => ({
  value: p,
  label: p === 'lifetime' ? 'In total (never resets)' : PERIOD_LABELS[p].replace('per ', 'Per '),
}));

/** The dialog's fields, as typed. */
interface Draft {
  amount: string;
  period: BudgetPeriod;
  alert: string;
}

/** The key's budget as the dialog shows it when it opens. */
const draftOf = (k: BudgetedKey): Draft => ({
  amount: k.budget_micros ? formatMicros(k.budget_micros).replace(/^\$/, '').replace(/,/g, '') : '',
  period: k.budget_period ?? 'month',
  alert: k.budget_alert_percent ? String(k.budget_alert_percent) : '',
});

/** Reads the dialog's fields into a PATCH body, or the problem with them. */
function toPatch({ amount, period, alert }: Draft): BudgetPatch | string {
  if (!amount.trim()) return { budget_micros: null };
  const micros = parseMoneyToMicros(amount);
  if (micros === null || micros <= 0n) return 'Enter an amount such as 5 or 12.50.';
  const percent = alert.trim() ? Number(alert) : null;
  if (percent !== null && (!Number.isInteger(percent) || percent < 1 || percent > 100)) return 'The alert threshold is a whole percentage from 1 to 100.';
  return { budget_micros: Number(micros), budget_period: period, budget_alert_percent: percent };
}

function useSaveBudget(keyId: string, onSaved: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BudgetPatch) => api<BudgetedKey>(`/me/keys/${encodeURIComponent(keyId)}`, { method: 'PATCH', body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: KEYS_KEY });
      onSaved();
    },
  });
}

function BudgetFields({ draft, problem, onChange }: { draft: Draft; problem: string | null; onChange: (patch: Partial<Draft>) => void }) {
  return (
    <>
      <Field
        label="Budget (USD)"
        inputMode="decimal"
        value={draft.amount}
        onChange={(e) => onChange({ amount: e.target.value })}
        error={problem}
        hint="Calls that would spend more are refused. Empty: no budget for this key (the organization's still applies)."
        autoComplete="off"
      />
      <SelectField
        label="Period"
        value={draft.period}
        onChange={(e) => onChange({ period: e.target.value as BudgetPeriod })}
        options={PERIOD_OPTIONS}
        hint="In your organization's reporting time zone."
      />
      <Field
        label="Alert at (% of the budget)"
        type="number"
        min={1}
        max={100}
        step={1}
        inputMode="numeric"
        value={draft.alert}
        onChange={(e) => onChange({ alert: e.target.value })}
        hint="Optional: one alert per period when spend crosses it."
      />
    </>
  );
}

/** "Budget" for one key: set, change or remove its spend limit (never above the organization's or your own). */
export function BudgetAction({ apiKey }: { apiKey: BudgetedKey }) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft>({ amount: '', period: 'month', alert: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const mutation = useSaveBudget(apiKey.id, () => setOpen(false));
  const name = apiKey.label;

  const show = () => {
    mutation.reset();
    setProblem(null);
    setDraft(draftOf(apiKey));
    setOpen(true);
  };
  const confirm = () => {
    const patch = toPatch(draft);
    setProblem(typeof patch === 'string' ? patch : null);
    if (typeof patch !== 'string') mutation.mutate(patch);
  };

  return (
    <>
      <Button small onClick={show} aria-label={`Budget of key ${name}`}>
        Budget
      </Button>
      <ConfirmDialog
        open={open}
        title={`Budget of key ${name}`}
        confirmLabel="Save budget"
        busy={mutation.isPending}
        error={mutation.error}
        onConfirm={confirm}
        onCancel={() => !mutation.isPending && setOpen(false)}
      >
        <BudgetFields draft={draft} problem={problem} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} />
      </ConfirmDialog>
    </>
  );
}
