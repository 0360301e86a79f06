import { useQuery } from '@tanstack/react-query';
import { adminApi } from '../api';
import type { Tier } from '../types';

export const TIERS_KEY = ['tiers'] as const;
export const COST_PRICES_KEY = ['cost-prices'] as const;

export function useTiers() {
  return useQuery({ queryKey: TIERS_KEY, queryFn: ({ signal }) => adminApi<{ data: Tier[] }>('billing', '/admin/tiers', { signal }), select: (l) => l.data });
}
