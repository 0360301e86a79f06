import { useQuery } from '@tanstack/react-query';
import { api } from '../api/api';
import type { Key, List, Model } from '../api/types';

export const KEYS_KEY = ['keys'] as const;
export const MODELS_KEY = ['models'] as const;

export function useKeys(enabled = true) {
  return useQuery({
    queryKey: KEYS_KEY,
    queryFn: ({ signal }) => api<List<Key>>('/me/keys', { signal }),
    select: (list) => list.data,
    enabled,
  });
}

export function useModels(enabled = true) {
  return useQuery({
    queryKey: MODELS_KEY,
    queryFn: ({ signal }) => api<List<Model>>('/me/models', { signal }),
    select: (list) => list.data,
    staleTime: 5 * 60_000,
    enabled,
  });
}
