import { useQuery } from '@tanstack/react-query';
import { adminApi } from '../api';
import type { Provider } from '../types';

export const PROVIDERS_KEY = ['providers'] as const;

export function useProviders() {
  return useQuery({ queryKey: PROVIDERS_KEY, queryFn: ({ signal }) => adminApi<Provider[]>('gateway', '/admin/providers', { signal }) });
}
