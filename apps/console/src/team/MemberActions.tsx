import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/api';
import type { Member, ResetResponse, Role } from '../api/types';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/Dialog';
import { SelectField } from '../ui/Field';
import { ROLE_OPTIONS, USERS_KEY } from './team';

type Action = 'role' | 'remove' | 'reset';

/** Runs one action on the member; a password reset answers the one-time link, the others null. */
async function runAction(path: string, action: Action, role: Role): Promise<string | null> {
  if (action === 'role') {
    await api<Member>(path, { method: 'PATCH', body: { role } });
    return null;
  }
  if (action === 'remove') {
    await api<void>(path, { method: 'DELETE' });
    return null;
  }
  return (await api<ResetResponse>(`${path}/reset`, { method: 'POST' })).invite_url;
}

function useMemberAction(member: Member, role: Role, onDone: (url: string | null) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: Action) => runAction(`/me/users/${encodeURIComponent(member.id)}`, action, role),
    onSuccess: (url) => {
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      onDone(url);
    },
  });
}

/** Change role, Reset password, Remove for one member, each behind a dialog; a reset answers a one-time link. */
export function MemberActions({ member, onLink }: { member: Member; onLink: (url: string) => void }) {
  const [open, setOpen] = useState<Action | null>(null);
  const [role, setRole] = useState<Role>(member.role);
  const mutation = useMemberAction(member, role, (url) => {
    setOpen(null);
    if (url) onLink(url);
  });
  const show = (a: Action) => {
    mutation.reset();
    setRole(member.role);
    setOpen(a);
  };
  // What the three dialogs share: one mutation, confirmed for whichever is open.
  const dialog = {
    busy: mutation.isPending,
    error: mutation.error,
    onConfirm: () => open && mutation.mutate(open),
    onCancel: () => !mutation.isPending && setOpen(null),
  };

  return (
    <div className="row-actions">
      <Button small onClick={() => show('role')} aria-label={`Change role of ${member.email}`}>
        Change role
      </Button>
      <Button small onClick={() => show('reset')} aria-label={`Reset password of ${member.email}`}>
        Reset password
      </Button>
      <Button small variant="danger" onClick={() => show('remove')} aria-label={`Remove ${member.email}`}>
        Remove
      </Button>
      <ConfirmDialog open={open === 'role'} title={`Change role of ${member.email}`} confirmLabel="Change role" {...dialog}>
        <SelectField label="New role" value={role} options={ROLE_OPTIONS} onChange={(e) => setRole(e.target.value as Role)} />
      </ConfirmDialog>
      <ConfirmDialog open={open === 'reset'} title={`Reset password of ${member.email}`} confirmLabel="Reset password" danger {...dialog}>
        <p>Their sessions end and you get a new one-time link for them to set a password.</p>
      </ConfirmDialog>
      <ConfirmDialog open={open === 'remove'} title={`Remove ${member.email}`} confirmLabel="Remove" danger {...dialog}>
        <p>They lose access to this tenant and their sessions end.</p>
      </ConfirmDialog>
    </div>
  );
}
