import { useState, type FormEvent } from 'react';
import { useSignedIn } from '../auth/session';
import { useKeys, useModels } from '../keys/queries';
import { Button } from '../ui/Button';
import { Field, SelectField } from '../ui/Field';

export interface Filters {
  from: string;
  to: string;
  key_id: string;
  model: string;
  status: string;
}

type Set = (k: keyof Filters) => (e: { target: { value: string } }) => void;

/** The filter form: edits a draft, applied on submit. Key and model are pickers when the role may list them. */
export function LogFilters({ initial, onApply }: { initial: Filters; onApply: (filters: Filters) => void }) {
  const { can } = useSignedIn();
  const [draft, setDraft] = useState<Filters>(initial);
  const [rangeError, setRangeError] = useState<string | null>(null);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    // An empty range would read as "no requests match": say what is wrong instead.
    const backwards = Boolean(draft.from && draft.to && draft.from > draft.to);
    setRangeError(backwards ? '“To” must be on or after “From”.' : null);
    if (!backwards) onApply(draft);
  };
  const set: Set = (k) => (e) => setDraft((d) => ({ ...d, [k]: e.target.value }));

  return (
    <form className="toolbar" onSubmit={apply} aria-label="Log filters">
      <Field label="From" type="date" value={draft.from} onChange={set('from')} />
      <Field label="To" type="date" value={draft.to} onChange={set('to')} error={rangeError} />
      {can('keys:read') ? (
        <KeyPicker value={draft.key_id} onChange={set('key_id')} />
      ) : (
        <Field label="Key" placeholder="Key id" value={draft.key_id} onChange={set('key_id')} />
      )}
      {can('models:read') ? (
        <ModelPicker value={draft.model} onChange={set('model')} />
      ) : (
        <Field label="Model" placeholder="e.g. gpt-4o-mini" value={draft.model} onChange={set('model')} />
      )}
      <Field label="Status" inputMode="numeric" placeholder="e.g. 200, 429" value={draft.status} onChange={set('status')} size={8} />
      <div className="toolbar-actions">
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
      </div>
    </form>
  );
}

function KeyPicker({ value, onChange }: { value: string; onChange: ReturnType<Set> }) {
  const keys = useKeys();
  return (
    <SelectField
      label="Key"
      value={value}
      onChange={onChange}
      options={[{ value: '', label: 'Any key' }, ...(keys.data ?? []).map((k) => ({ value: k.id, label: `${k.label} (${k.masked})` }))]}
    />
  );
}

function ModelPicker({ value, onChange }: { value: string; onChange: ReturnType<Set> }) {
  const models = useModels();
  return (
    <SelectField
      label="Model"
      value={value}
      onChange={onChange}
      options={[{ value: '', label: 'Any model' }, ...(models.data ?? []).map((m) => ({ value: m.id, label: m.id }))]}
    />
  );
}
