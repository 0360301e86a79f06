import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/api';
import { KEY_SCOPES, type CreateKeyRequest, type KeyWithSecret } from '../api/types';
import { useSignedIn } from '../auth/session';
import { Button } from '../ui/Button';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Field } from '../ui/Field';
import { KEYS_KEY } from './queries';
import { ModelSelect, ScopeChecks } from './KeyFormFields';

/** The new key form; hands the created key (with its one-time secret) to onCreated. */
export function NewKeyForm({ onCreated, onCancel }: { onCreated: (key: KeyWithSecret) => void; onCancel: () => void }) {
  const { scopes: held, can } = useSignedIn();
  const queryClient = useQueryClient();
  const offered = KEY_SCOPES.filter((s) => held.includes(s));
  const [label, setLabel] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [chosenModels, setChosenModels] = useState<string[]>([]);
  const [expires, setExpires] = useState('');

  const create = useMutation({
    mutationFn: (body: CreateKeyRequest) => api<KeyWithSecret>('/me/keys', { method: 'POST', body }),
    onSuccess: (key) => {
      void queryClient.invalidateQueries({ queryKey: KEYS_KEY });
      onCreated(key);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: CreateKeyRequest = { label: label.trim() };
    if (scopes.length) body.scopes = scopes;
    if (chosenModels.length) body.models = chosenModels;
    // The key works through the chosen (UTC) day.
    if (expires) body.expires_at = `${expires}T23:59:59Z`;
    create.mutate(body);
  };

  const toggleScope = (scope: string, on: boolean) => setScopes((s) => (on ? [...s, scope] : s.filter((x) => x !== scope)));

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-key-title">
      <h2 id="new-key-title">New key</h2>
      <ErrorBanner error={create.error} />
      <div className="form-grid">
        <Field
          label="Name"
          required
          maxLength={100}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          autoFocus
          autoComplete="off"
          hint="For you to tell keys apart, e.g. ci-bot."
        />
        <Field
          label="Expires"
          type="date"
          value={expires}
          min={new Date().toISOString().slice(0, 10)}
          onChange={(e) => setExpires(e.target.value)}
          hint="Optional. The key stops working after this day (UTC)."
        />
      </div>
      <ScopeChecks offered={offered} scopes={scopes} onToggle={toggleScope} />
      {can('models:read') ? <ModelSelect value={chosenModels} onChange={setChosenModels} /> : null}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create key
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
