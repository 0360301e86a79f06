import { Field, SelectField } from '../../ui/Field';
import { formatMicros } from '../../ui/money';
import { parseMicros } from '../money-input';
import { BUDGET_PERIODS, type Budget, type BudgetPeriod } from '../types';

/** The budget form's text state: an empty amount removes the budget. */
export interface BudgetDraft {
  amount: string;
  period: BudgetPeriod;
  alertPercent: string;
}

const PERIOD_LABELS: Record<BudgetPeriod, string> = { day: 'Per day', week: 'Per week', month: 'Per month', lifetime: 'Lifetime total' };
const PERIOD_OPTIONS = BUDGET_PERIODS.map((p) => ({ value: p, label: PERIOD_LABELS[p] }));

/** The amount as currency-unit text from integer micro-units, exactly (no float). */
export function microsText(micros: number): string {
  return formatMicros(micros, { minDecimals: 0 })
    .replace(/^[^\d]+/, '')
    .replace(/,/g, '');
}

export function draftOf(budget: Budget | null): BudgetDraft {
  return budget
    ? { amount: microsText(budget.micros), period: budget.period, alertPercent: budget.alertPercent ? String(budget.alertPercent) : '' }
    : { amount: '', period: 'month', alertPercent: '' };
}

/** The PATCH body's budget fields, or an error message. An empty amount removes the budget. */
export function budgetBody(draft: BudgetDraft): { body: Record<string, unknown> } | { error: string } {
  if (!draft.amount.trim()) return { body: { budgetMicros: null } };
  const micros = parseMicros(draft.amount);
  if (!micros) return { error: 'A positive amount with at most 6 decimals, e.g. 300 or 12.50.' };
  const percent = draft.alertPercent.trim();
  if (percent && !/^(100|[1-9]\d?)$/.test(percent)) return { error: 'The alert threshold is a whole percentage from 1 to 100.' };
  return { body: { budgetMicros: micros, budgetPeriod: draft.period, budgetAlertPercent: percent ? Number(percent) : null } };
}

export function budgetText(budget: Budget | null, currency = 'USD'): string {
  if (!budget) return 'None';
  const per = budget.period === 'lifetime' ? 'in total' : `per ${budget.period}`;
  return `${formatMicros(budget.micros, { currency })} ${per}${budget.alertPercent ? `, alert at ${budget.alertPercent} %` : ''}`;
}

/** Amount, period and soft threshold fields, labelled;. */
export function BudgetFields({ draft, onChange, currency = 'USD' }: { draft: BudgetDraft; onChange: (draft: BudgetDraft) => void; currency?: string }) {
  const micros = parseMicros(draft.amount);
  const amountError = draft.amount.trim() && !micros ? 'A positive amount with at most 6 decimals.' : null;
  return (
    <>
      <Field
        label={`Budget (${currency})`}
        inputMode="decimal"
        autoComplete="off"
        value={draft.amount}
        onChange={(e) => onChange({ ...draft, amount: e.target.value })}
        error={amountError}
        hint={micros ? `${micros.toLocaleString('en-US')} micro-units` : 'Empty: no budget.'}
      />
      <SelectField
        label="Budget period"
        value={draft.period}
        options={PERIOD_OPTIONS}
        onChange={(e) => onChange({ ...draft, period: e.target.value as BudgetPeriod })}
      />
      <Field
        label="Alert at (%)"
        type="number"
        min={1}
        max={100}
        step={1}
        value={draft.alertPercent}
        onChange={(e) => onChange({ ...draft, alertPercent: e.target.value })}
        hint="Optional: a budget.threshold alert, once per period."
      />
    </>
  );
}
