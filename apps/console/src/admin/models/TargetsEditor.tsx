import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field, SelectField } from '../../ui/Field';
import { adminApi, seg } from '../api';
import type { Provider, Route } from '../types';

interface Row {
  providerId: string;
  upstreamModel: string;
  priority: string;
  weight: string;
  timeoutMs: string;
}
type Edit = (field: keyof Row) => (e: { target: { value: string } }) => void;

const toRow = (t: Route['targets'][number]): Row => ({
  providerId: t.providerId,
  upstreamModel: t.upstreamModel,
  priority: String(t.priority),
  weight: String(t.weight),
  timeoutMs: t.timeoutMs === null ? '' : String(t.timeoutMs),
});

/** The rows as the PUT body: numbers parsed, an empty timeout left out (the gateway's default). */
const targetsBody = (rows: Row[]) => ({
  targets: rows.map((r) => ({
    providerId: r.providerId,
    upstreamModel: r.upstreamModel.trim(),
    priority: Number(r.priority || 0),
    weight: Number(r.weight || 1),
    ...(r.timeoutMs.trim() ? { timeoutMs: Number(r.timeoutMs) } : {}),
  })),
});

function useSaveTargets(tenantId: string, model: string, onSaved: () => void) {
  return useMutation({
    mutationFn: (rows: Row[]) =>
      adminApi<Route>('gateway', `/admin/tenants/${seg(tenantId)}/models/${seg(model)}/targets`, { method: 'PUT', body: targetsBody(rows) }),
    onSuccess: onSaved,
  });
}

/** The rows being edited: one per target, a new one takes the next priority. */
function useTargetRows(route: Route, providers: Provider[]) {
  const [rows, setRows] = useState<Row[]>(() => route.targets.map(toRow));
  const update =
    (i: number): Edit =>
    (field) =>
    (e) =>
      setRows((rs) => rs.map((r, j) => (j === i ? { ...r, [field]: e.target.value } : r)));
  const add = () =>
    setRows((rs) => [...rs, { providerId: providers[0]?.id ?? '', upstreamModel: '', priority: String(rs.length), weight: '1', timeoutMs: '' }]);
  const remove = (i: number) => setRows((rs) => rs.filter((_, j) => j !== i));
  return { rows, update, add, remove };
}

interface TargetRowProps {
  index: number;
  row: Row;
  options: { value: string; label: string }[];
  removable: boolean;
  edit: Edit;
  onRemove: () => void;
}

function TargetRow({ index, row, options, removable, edit, onRemove }: TargetRowProps) {
  return (
    <fieldset className="target-row">
      <legend>Target {index + 1}</legend>
      <SelectField label="Provider" value={row.providerId} options={options} onChange={edit('providerId')} />
      <Field label="Upstream model" required value={row.upstreamModel} onChange={edit('upstreamModel')} autoComplete="off" />
      <Field label="Priority" type="number" min={0} max={100} required value={row.priority} onChange={edit('priority')} />
      <Field label="Weight" type="number" min={1} max={1000} required value={row.weight} onChange={edit('weight')} />
      <Field label="Timeout (ms)" type="number" min={100} max={600000} value={row.timeoutMs} onChange={edit('timeoutMs')} placeholder="default" />
      <Button small variant="danger" disabled={!removable} onClick={onRemove} aria-label={`Remove target ${index + 1}`}>
        Remove
      </Button>
    </fieldset>
  );
}

/**
 * A model's targets: fallback in priority order (0 first), weighted among equal priorities, each
 * with its own timeout (empty = the gateway's UPSTREAM_TIMEOUT_MS).
 */
export function TargetsEditor({
  tenantId,
  route,
  providers,
  onClose,
  onSaved,
}: {
  tenantId: string;
  route: Route;
  providers: Provider[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { rows, update, add, remove } = useTargetRows(route, providers);
  const options = providers.map((p) => ({ value: p.id, label: p.name }));
  const save = useSaveTargets(tenantId, route.model, onSaved);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(rows);
  };

  return (
    <Dialog open title={`Targets of ${route.model}`} onClose={() => !save.isPending && onClose()} actions={<></>}>
      <form onSubmit={submit}>
        <p className="hint">Lower priority is tried first; a failing target falls back to the next. Weights split traffic within one priority.</p>
        {rows.map((r, i) => (
          <TargetRow key={i} index={i} row={r} options={options} removable={rows.length !== 1} edit={update(i)} onRemove={() => remove(i)} />
        ))}
        <Button onClick={add} disabled={rows.length >= 16}>
          Add target
        </Button>
        <ErrorBanner error={save.error} />
        <div className="dialog-actions">
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            Save targets
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
