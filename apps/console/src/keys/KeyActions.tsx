import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/api';
import type { Key, KeyWithSecret, RotateKeyRequest } from '../api/types';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/Dialog';
import { Field } from '../ui/Field';
import type { BudgetedKey } from './budget';
import { BudgetAction } from './BudgetAction';
import { KEYS_KEY } from './queries';

type Action = 'rename' | 'rotate' | 'revoke' | 'delete';

/** Rename, Budget, Rotate, Revoke, Delete for one key, each behind a dialog. */
export function KeyActions({ apiKey, onRotated }: { apiKey: BudgetedKey; onRotated: (key: KeyWithSecret) => void }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Action | null>(null);
  const [label, setLabel] = useState(apiKey.label);
  const [grace, setGrace] = useState('');
  const name = apiKey.label;
  const path = `/me/keys/${encodeURIComponent(apiKey.id)}`;

  const mutation = useMutation({
    mutationFn: async (action: Action): Promise<KeyWithSecret | null> => {
      switch (action) {
        case 'rename':
          await api<Key>(path, { method: 'PATCH', body: { label: label.trim() } });
          return null;
        case 'rotate': {
          const body: RotateKeyRequest = {};
          if (grace.trim()) body.grace_period_seconds = Number(grace);
          return api<KeyWithSecret>(`${path}/rotate`, { method: 'POST', body });
        }
        case 'revoke':
          await api<Key>(`${path}/revoke`, { method: 'POST' });
          return null;
        case 'delete':
          await api<void>(path, { method: 'DELETE' });
          return null;
      }
    },
    onSuccess: (rotated) => {
      void queryClient.invalidateQueries({ queryKey: KEYS_KEY });
      setOpen(null);
      if (rotated) onRotated(rotated);
    },
  });

  const show = (action: Action) => {
    mutation.reset();
    setLabel(apiKey.label);
    setGrace('');
    setOpen(action);
  };
  const close = () => {
    if (!mutation.isPending) setOpen(null);
  };
  const confirm = () => open && mutation.mutate(open);
  const active = apiKey.status === 'active';

  return (
    <div className="row-actions row-actions-grid">
      <Button small onClick={() => show('rename')} aria-label={`Rename key ${name}`}>
        Rename
      </Button>
      {active ? <BudgetAction apiKey={apiKey} /> : null}
      {active ? (
        <Button small onClick={() => show('rotate')} aria-label={`Rotate key ${name}`}>
          Rotate
        </Button>
      ) : null}
      {active ? (
        <Button small variant="danger" onClick={() => show('revoke')} aria-label={`Revoke key ${name}`}>
          Revoke
        </Button>
      ) : null}
      <Button small variant="danger" onClick={() => show('delete')} aria-label={`Delete key ${name}`}>
        Delete
      </Button>

      <ConfirmDialog
        open={open === 'rename'}
        title={`Rename key ${name}`}
        confirmLabel="Rename"
        busy={mutation.isPending}
        error={mutation.error}
        onConfirm={confirm}
        onCancel={close}
      >
        <Field label="New name" required maxLength={100} value={label} onChange={(e) => setLabel(e.target.value)} autoComplete="off" />
      </ConfirmDialog>

      <ConfirmDialog
        open={open === 'rotate'}
        title={`Rotate key ${name}`}
        confirmLabel="Rotate"
        busy={mutation.isPending}
        error={mutation.error}
        onConfirm={confirm}
        onCancel={close}
      >
        <p>A new secret replaces this key's. Its secret is shown once.</p>
        <Field
          label="Grace period (seconds)"
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          value={grace}
          onChange={(e) => setGrace(e.target.value)}
          hint="Optional: how long the old secret keeps working. Empty: it stops now."
        />
      </ConfirmDialog>

      <ConfirmDialog
        open={open === 'revoke'}
        title={`Revoke key ${name}`}
        confirmLabel="Revoke"
        danger
        busy={mutation.isPending}
        error={mutation.error}
        onConfirm={confirm}
        onCancel={close}
      >
        <p>
          Requests with <code>{apiKey.masked}</code> stop working at once. This cannot be undone.
        </p>
      </ConfirmDialog>

      <ConfirmDialog
        open={open === 'delete'}
        title={`Delete key ${name}`}
        confirmLabel="Delete"
        danger
        busy={mutation.isPending}
        error={mutation.error}
        onConfirm={confirm}
        onCancel={close}
      >
        <p>
          The key <code>{apiKey.masked}</code> is removed from the list{active ? ' and stops working' : ''}. This cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}
