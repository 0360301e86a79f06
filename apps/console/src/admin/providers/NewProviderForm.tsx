import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field, SelectField } from '../../ui/Field';
import { adminApi } from '../api';
import type { Provider } from '../types';
import { PROVIDERS_KEY } from './queries';

const KINDS = [
  { value: 'openai', label: 'OpenAI-compatible' },
  { value: 'openai-responses', label: 'OpenAI-compatible, with the Responses API' },
  { value: 'anthropic', label: 'Anthropic' },
];
const EMPTY = { name: '', kind: 'openai', baseUrl: '', apiKey: '' };
type ProviderFormState = typeof EMPTY;

function useCreateProvider(onDone: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (form: ProviderFormState) =>
      adminApi<Provider>('gateway', '/admin/providers', {
        method: 'POST',
        body: { name: form.name.trim(), kind: form.kind, baseUrl: form.baseUrl.trim(), ...(form.apiKey ? { apiKey: form.apiKey } : {}) },
      }),
    onSuccess: () => {
      onDone();
      void queryClient.invalidateQueries({ queryKey: PROVIDERS_KEY });
    },
  });
}

/** "New provider": the API key is write-only. */
export function NewProviderForm() {
  const [form, setForm] = useState(EMPTY);
  // The key leaves the page's state as soon as the provider holds it.
  const create = useCreateProvider(() => setForm(EMPTY));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(form);
  };
  const set = (field: keyof ProviderFormState) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-provider-title">
      <h2 id="new-provider-title">New provider</h2>
      <ErrorBanner error={create.error} />
      <div className="form-grid form-grid-inline">
        <Field label="Provider name" required maxLength={100} autoComplete="off" value={form.name} onChange={set('name')} />
        <SelectField label="Kind" value={form.kind} options={KINDS} onChange={set('kind')} />
        <Field label="Base URL" type="url" required placeholder="https://api.openai.com/v1" autoComplete="off" value={form.baseUrl} onChange={set('baseUrl')} />
        <Field
          label="API key"
          type="password"
          autoComplete="new-password"
          value={form.apiKey}
          onChange={set('apiKey')}
          hint="Write-only: stored encrypted, never shown again."
        />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create provider
          </Button>
        </div>
      </div>
    </form>
  );
}
