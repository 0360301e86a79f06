import { useState } from 'react';
import type { KeyWithSecret } from '../api/types';
import { Button } from '../ui/Button';
import type { BudgetedKey } from './budget';
import { BudgetAction } from './BudgetAction';
import { useKeyAction, type Action } from './key-action';
import { DeleteDialog, RenameDialog, RevokeDialog, RotateDialog, type KeyDialogProps } from './KeyDialogs';

/** Rename, Budget, Rotate, Revoke, Delete for one key, each behind a dialog. */
export function KeyActions({ apiKey, onRotated }: { apiKey: BudgetedKey; onRotated: (key: KeyWithSecret) => void }) {
  const [open, setOpen] = useState<Action | null>(null);
  const [label, setLabel] = useState(apiKey.label);
  const [grace, setGrace] = useState('');
  const mutation = useKeyAction(apiKey.id, () => setOpen(null), onRotated);
  const name = apiKey.label;

  const show = (action: Action) => {
    mutation.reset();
    setLabel(apiKey.label);
    setGrace('');
    setOpen(action);
  };
  const close = () => {
    if (!mutation.isPending) setOpen(null);
  };
  const confirm = () => open && mutation.mutate({ action: open, label, grace });
  const active = apiKey.status === 'active';
  const dialog = (action: Action): KeyDialogProps => ({
    open: open === action,
    name,
    busy: mutation.isPending,
    error: mutation.error,
    onConfirm: confirm,
    onCancel: close,
  });

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

      <RenameDialog {...dialog('rename')} label={label} setLabel={setLabel} />
      <RotateDialog {...dialog('rotate')} grace={grace} setGrace={setGrace} />
      <RevokeDialog {...dialog('revoke')} masked={apiKey.masked} />
      <DeleteDialog {...dialog('delete')} masked={apiKey.masked} active={active} />
    </div>
  );
}
