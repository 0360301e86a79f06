import { useQuery } from '@tanstack/react-query';
import { sessionApi } from '../api';
import type { AdminSession } from '../types';

export const SESSION_KEY = ['admin-session'] as const;

export function useAdminSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: ({ signal }) => sessionApi<AdminSession>({ signal }), staleTime: 60_000 });
}
