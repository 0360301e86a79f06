import { useQuery } from '@tanstack/react-query';
import { api } from '../api/api';
import type { SessionInfo } from '../api/types';
import { hasScope } from './scopes';

export const SESSION_KEY = ['session'] as const;

export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: ({ signal }) => api<SessionInfo>('/me/session', { signal }),
    staleTime: 60_000,
  });
}

/** The signed-in session; only under the signed-in shell, which renders nothing until it has one. */
export function useSignedIn(): SessionInfo & { can: (scope: string) => boolean } {
  const { data } = useSession();
  if (!data) throw new Error('useSignedIn outside the signed-in shell');
  return { ...data, can: (scope: string) => hasScope(data.scopes, scope) };
}
