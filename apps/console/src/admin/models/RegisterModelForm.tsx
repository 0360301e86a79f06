import { useState, type FormEvent } from 'react';
import { Link } from '../../router';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field, SelectField } from '../../ui/Field';
import type { Provider } from '../types';
import { useRegisterModel } from './queries';

const EMPTY = { model: '', providerId: '', upstreamModel: '' };

/** Register a model or alias that routes to one provider target. */
export function RegisterModelForm({ tenantId, providers, providersError }: { tenantId: string; providers: Provider[] | undefined; providersError: unknown }) {
  const [form, setForm] = useState(EMPTY);
  const providerId = form.providerId || providers?.[0]?.id || '';
  const register = useRegisterModel(tenantId, () => setForm(EMPTY));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    register.mutate({ ...form, providerId });
  };
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-model-title">
      <h2 id="new-model-title">Register a model or alias</h2>
      <ErrorBanner error={register.error ?? providersError} />
      <div className="form-grid form-grid-inline">
        <Field
          label="Model or alias"
          required
          maxLength={256}
          autoComplete="off"
          value={form.model}
          onChange={set('model')}
          hint={
            <>
              What the tenant's callers send as <code>model</code>.
            </>
          }
        />
        <SelectField
          label="Provider"
          value={providerId}
          options={(providers ?? []).map((p) => ({ value: p.id, label: p.name }))}
          onChange={set('providerId')}
          required
        />
        <Field
          label="Upstream model"
          required
          maxLength={256}
          autoComplete="off"
          value={form.upstreamModel}
          onChange={set('upstreamModel')}
          hint="The provider's model name."
        />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={register.isPending} disabled={!providerId}>
            Register model
          </Button>
        </div>
      </div>
      <p className="hint">
        A model the tenant calls must also have a <Link to="/prices">price</Link>: the gateway serves no unpriced model.
      </p>
    </form>
  );
}
