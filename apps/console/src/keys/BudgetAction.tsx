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

/** Reads the dialog's fields into a PATCH body, or the problem with them. */
function toPatch(amount: string, period: BudgetPeriod, alert: string): BudgetPatch | string {
  if (!amount.trim()) return { budget_micros: null };
  const micros = parseMoneyToMicros(amount);
  if (micros === null || micros <= 0n) return 'Enter an amount such as 5 or 12.50.';
  const percent = alert.trim() ? Number(alert) : null;
  if (percent !== null && (!Number.isInteger(percent) || percent < 1 || percent > 100)) return 'The alert threshold is a whole percentage from 1 to 100.';
  return { budget_micros: Number(micros), budget_period: period, budget_alert_percent: percent };
}

/** "Budget" for one key: set, change or remove its spend limit (never above the organization's or your own). */
export function BudgetAction({ apiKey }: { apiKey: BudgetedKey }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState('');
  const [period, setPeriod] = useState<BudgetPeriod>('month');
  const [alert, setAlert] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const name = apiKey.label;

  const mutation = useMutation({
    mutationFn: (body: BudgetPatch) => api<BudgetedKey>(`/me/keys/${encodeURIComponent(apiKey.id)}`, { method: 'PATCH', body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: KEYS_KEY });
      setOpen(false);
    },
  });

  const show = () => {
    mutation.reset();
    setProblem(null);
    setAmount(apiKey.budget_micros ? formatMicros(apiKey.budget_micros).replace(/^\$/, '').replace(/,/g, '') : '');
    setPeriod(apiKey.budget_period ?? 'month');
    setAlert(apiKey.budget_alert_percent ? String(apiKey.budget_alert_percent) : '');
    setOpen(true);
  };
  const confirm = () => {
    const patch = toPatch(amount, period, alert);
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
        <Field
          label="Budget (USD)"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={problem}
          hint="Calls that would spend more are refused. Empty: no budget for this key (the organization's still applies)."
          autoComplete="off"
        />
        <SelectField
          label="Period"
          value={period}
          onChange={(e) => setPeriod(e.target.value as BudgetPeriod)}
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
          value={alert}
          onChange={(e) => setAlert(e.target.value)}
          hint="Optional: one alert per period when spend crosses it."
        />
      </ConfirmDialog>
    </>
  );
}
