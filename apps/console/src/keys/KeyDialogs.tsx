import { ConfirmDialog } from '../ui/Dialog';
import { Field } from '../ui/Field';

/** What every key dialog shares: whether it is open, the call's state, confirm and cancel. */
export interface KeyDialogProps {
  open: boolean;
  name: string;
  busy: boolean;
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}

const dialogProps = ({ open, busy, error, onConfirm, onCancel }: KeyDialogProps) => ({ open, busy, error, onConfirm, onCancel });

export function RenameDialog({ label, setLabel, ...props }: KeyDialogProps & { label: string; setLabel: (label: string) => void }) {
  return (
    <ConfirmDialog {...dialogProps(props)} title={`Rename key ${props.name}`} confirmLabel="Rename">
      <Field label="New name" required maxLength={100} value={label} onChange={(e) => setLabel(e.target.value)} autoComplete="off" />
    </ConfirmDialog>
  );
}

export function RotateDialog({ grace, setGrace, ...props }: KeyDialogProps & { grace: string; setGrace: (grace: string) => void }) {
  return (
    <ConfirmDialog {...dialogProps(props)} title={`Rotate key ${props.name}`} confirmLabel="Rotate">
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
  );
}

export function RevokeDialog({ masked, ...props }: KeyDialogProps & { masked: string }) {
  return (
    <ConfirmDialog {...dialogProps(props)} title={`Revoke key ${props.name}`} confirmLabel="Revoke" danger>
      <p>
        Requests with <code>{masked}</code> stop working at once. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}

export function DeleteDialog({ masked, active, ...props }: KeyDialogProps & { masked: string; active: boolean }) {
  return (
    <ConfirmDialog {...dialogProps(props)} title={`Delete key ${props.name}`} confirmLabel="Delete" danger>
      <p>
        The key <code>{masked}</code> is removed from the list{active ? ' and stops working' : ''}. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
