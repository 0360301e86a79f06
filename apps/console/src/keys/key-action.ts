import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/api';
import type { Key, KeyWithSecret, RotateKeyRequest } from '../api/types';
import { KEYS_KEY } from './queries';

export type Action = 'rename' | 'rotate' | 'revoke' | 'delete';

/** What the dialog collected: the new name (rename) and the grace period in seconds (rotate). */
export interface ActionInput {
  action: Action;
  label: string;
  grace: string;
}

/** One call per action; only a rotation answers a key (with its one-time secret). */
async function run(path: string, { action, label, grace }: ActionInput): Promise<KeyWithSecret | null> {
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
}

/** Rename, rotate, revoke or delete one key; refreshes the key list, hands a rotated key to onRotated. */
export function useKeyAction(keyId: string, onDone: () => void, onRotated: (key: KeyWithSecret) => void) {
  const queryClient = useQueryClient();
  const path = `/me/keys/${encodeURIComponent(keyId)}`;
  return useMutation({
    mutationFn: (input: ActionInput) => run(path, input),
    onSuccess: (rotated) => {
      void queryClient.invalidateQueries({ queryKey: KEYS_KEY });
      onDone();
      if (rotated) onRotated(rotated);
    },
  });
}
