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

const toRow = (t: Route['targets'][number]): Row => ({
  providerId: t.providerId,
  upstreamModel: t.upstreamModel,
  priority: String(t.priority),
  weight: String(t.weight),
  timeoutMs: t.timeoutMs === null ? '' : String(t.timeoutMs),
});

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
  const [rows, setRows] = useState<Row[]>(() => route.targets.map(toRow));
  const options = providers.map((p) => ({ value: p.id, label: p.name }));

  const save = useMutation({
    mutationFn: () =>
      adminApi<Route>('gateway', `/admin/tenants/${seg(tenantId)}/models/${seg(route.model)}/targets`, {
        method: 'PUT',
        body: {
          targets: rows.map((r) => ({
            providerId: r.providerId,
            upstreamModel: r.upstreamModel.trim(),
            priority: Number(r.priority || 0),
            weight: Number(r.weight || 1),
            ...(r.timeoutMs.trim() ? { timeoutMs: Number(r.timeoutMs) } : {}),
          })),
        },
      }),
    onSuccess: onSaved,
  });

  const update = (i: number, field: keyof Row) => (e: { target: { value: string } }) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, [field]: e.target.value } : r)));
  const add = () =>
    setRows((rs) => [...rs, { providerId: providers[0]?.id ?? '', upstreamModel: '', priority: String(rs.length), weight: '1', timeoutMs: '' }]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <Dialog open title={`Targets of ${route.model}`} onClose={() => !save.isPending && onClose()} actions={<></>}>
      <form onSubmit={submit}>
        <p className="hint">Lower priority is tried first; a failing target falls back to the next. Weights split traffic within one priority.</p>
        {rows.map((r, i) => (
          <fieldset key={i} className="target-row">
            <legend>Target {i + 1}</legend>
            <SelectField label="Provider" value={r.providerId} options={options} onChange={update(i, 'providerId')} />
            <Field label="Upstream model" required value={r.upstreamModel} onChange={update(i, 'upstreamModel')} autoComplete="off" />
            <Field label="Priority" type="number" min={0} max={100} required value={r.priority} onChange={update(i, 'priority')} />
            <Field label="Weight" type="number" min={1} max={1000} required value={r.weight} onChange={update(i, 'weight')} />
            <Field label="Timeout (ms)" type="number" min={100} max={600000} value={r.timeoutMs} onChange={update(i, 'timeoutMs')} placeholder="default" />
            <Button
              small
              variant="danger"
              disabled={rows.length === 1}
              onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
              aria-label={`Remove target ${i + 1}`}
            >
              Remove
            </Button>
          </fieldset>
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
