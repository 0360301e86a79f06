import { useState, type FormEvent } from 'react';
import { Button } from '../ui/Button';
import { ErrorBanner, Notice } from '../ui/ErrorBanner';
import { Field } from '../ui/Field';
import { parseMoneyToMicros } from '../ui/money';
import { Loading } from '../ui/Page';
import { useAlertSettings, useSaveSettings } from './queries';

/** The balance-low threshold: `balance.low` fires once when the balance crosses below it. Empty turns it off. */
export function ThresholdForm({ editable }: { editable: boolean }) {
  const settings = useAlertSettings();
  return (
    <section className="panel" aria-labelledby="threshold-title">
      <h2 id="threshold-title">Low balance alert</h2>
      <ErrorBanner error={settings.error} />
      {settings.isPending ? <Loading /> : settings.data ? <Editor current={settings.data.balance_low_threshold_micros} editable={editable} /> : null}
    </section>
  );
}

function Editor({ current, editable }: { current: number | null; editable: boolean }) {
  const [text, setText] = useState(current === null ? '' : plainAmount(current));
  const [fieldError, setFieldError] = useState<string | null>(null);
  const save = useSaveSettings();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // One message at a time: an earlier "saved" never stands beside a new error.
    save.reset();
    setFieldError(null);
    if (text.trim() === '') return save.mutate(null);
    const micros = parseMoneyToMicros(text);
    if (micros === null || micros < 0n || micros > BigInt(Number.MAX_SAFE_INTEGER))
      return setFieldError('Enter an amount, e.g. 10 or 2.50, or leave it empty for no alert.');
    setFieldError(null);
    save.mutate(Number(micros));
  };
  return (
    <form onSubmit={submit} aria-label="Low balance alert" noValidate>
      {save.isSuccess ? <Notice>{save.data.balance_low_threshold_micros === null ? 'Low balance alert turned off.' : 'Threshold saved.'}</Notice> : null}
      <ErrorBanner error={save.error} />
      <fieldset disabled={!editable} className="plain form-grid form-grid-inline">
        <Field
          label="Alert when the balance falls below"
          inputMode="decimal"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            save.reset();
          }}
          error={fieldError}
          hint="Sent once per crossing as balance.low to endpoints that subscribe to it. Empty: no alert."
        />
        {editable ? (
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={save.isPending}>
              Save threshold
            </Button>
          </div>
        ) : null}
      </fieldset>
    </form>
  );
}

/** Micro-units as a plain decimal the amount field reads back exactly (2500000 → "2.5"). */
function plainAmount(micros: number): string {
  const m = BigInt(micros);
  const fraction = (m % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return fraction ? `${m / 1_000_000n}.${fraction}` : `${m / 1_000_000n}`;
}
