import { Field } from '../../ui/Field';
import { parseMicros } from '../money-input';

/** The three prices a price form asks for, as typed (currency units). */
export interface PerMillionText {
  input: string;
  cached: string;
  output: string;
}

const hint = (text: string) => {
  const micros = parseMicros(text);
  return micros === null ? 'Per million tokens, in currency units (e.g. 2.50).' : `${micros.toLocaleString('en-US')} micro-units per million tokens`;
};
const moneyError = (text: string) => (text.trim() && parseMicros(text) === null ? 'A number with at most 6 decimals.' : null);

/** Input, cached input and output per million tokens, each with its micro-units beneath it; an empty cached price is the input price. */
export function PerMillionFields({ form, set }: { form: PerMillionText; set: (field: keyof PerMillionText) => (e: { target: { value: string } }) => void }) {
  return (
    <>
      <Field
        label="Input per million tokens"
        inputMode="decimal"
        required
        autoComplete="off"
        value={form.input}
        onChange={set('input')}
        error={moneyError(form.input)}
        hint={hint(form.input)}
      />
      <Field
        label="Cached input per million tokens"
        inputMode="decimal"
        autoComplete="off"
        value={form.cached}
        onChange={set('cached')}
        error={moneyError(form.cached)}
        hint={form.cached ? hint(form.cached) : 'Empty: the input price.'}
      />
      <Field
        label="Output per million tokens"
        inputMode="decimal"
        required
        autoComplete="off"
        value={form.output}
        onChange={set('output')}
        error={moneyError(form.output)}
        hint={hint(form.output)}
      />
    </>
  );
}
