import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner, Notice } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { adminApi, seg } from '../api';
import { BudgetFields, budgetBody, budgetText, draftOf, type BudgetDraft } from '../budgets/BudgetFields';
import type { TenantSettings } from '../types';
import { tenantKey } from './queries';

/** An IANA zone this browser knows (the server checks it again). */
function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The tenant's budget (all its keys together) and the reporting time zone its periods and statements follow. */
export function SettingsPanel({ tenant }: { tenant: TenantSettings }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<BudgetDraft>(() => draftOf(tenant.budget));
  const [zone, setZone] = useState(tenant.reportingTimeZone);
  const [done, setDone] = useState<string | null>(null);
  const parsed = budgetBody(draft);
  const zoneError = zone.trim() && !knownZone(zone.trim()) ? 'Not a time zone this browser knows, e.g. Europe/Berlin or Asia/Tokyo.' : null;

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => adminApi<TenantSettings>('auth', `/admin/tenants/${seg(tenant.id)}`, { method: 'PATCH', body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(tenantKey(tenant.id, 'info'), saved);
      setDraft(draftOf(saved.budget));
      setZone(saved.reportingTimeZone);
      setDone(`Saved: budget ${budgetText(saved.budget)}, time zone ${saved.reportingTimeZone}.`);
      void queryClient.invalidateQueries({ queryKey: tenantKey(tenant.id, 'keys') });
      void queryClient.invalidateQueries({ queryKey: tenantKey(tenant.id, 'audit') });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if ('body' in parsed && !zoneError && zone.trim()) save.mutate({ ...parsed.body, reportingTimeZone: zone.trim() });
  };

  return (
    <section className="panel section" aria-labelledby="settings-title">
      <h2 id="settings-title">Budget and time zone</h2>
      <p className="hint">
        Now: budget {budgetText(tenant.budget)}; reporting time zone <code>{tenant.reportingTimeZone}</code>. Periods, statement months and usage days follow
        the time zone.
      </p>
      <form onSubmit={submit} aria-label="Tenant budget and time zone">
        <ErrorBanner error={save.error} />
        {'error' in parsed ? <p className="field-error">{parsed.error}</p> : null}
        {done ? <Notice>{done}</Notice> : null}
        <div className="form-grid form-grid-inline">
          <BudgetFields draft={draft} onChange={setDraft} />
          <Field
            label="Reporting time zone"
            required
            autoComplete="off"
            value={zone}
            onChange={(e) => setZone(e.target.value)}
            error={zoneError}
            hint="IANA name, e.g. UTC or Asia/Tokyo."
          />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={save.isPending} disabled={'error' in parsed || !!zoneError || !zone.trim()}>
              Save settings
            </Button>
          </div>
        </div>
      </form>
    </section>
  );
}
