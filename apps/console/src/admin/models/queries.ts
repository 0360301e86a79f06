import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { adminApi, seg } from '../api';
import type { Route } from '../types';

export const modelsKey = (tenantId: string) => ['tenant', tenantId, 'models'] as const;
export const modelsPath = (tenantId: string) => `/admin/tenants/${seg(tenantId)}/models`;

export function useModelRoutes(tenantId: string) {
  return useQuery({ queryKey: modelsKey(tenantId), queryFn: ({ signal }) => adminApi<Route[]>('gateway', modelsPath(tenantId), { signal }) });
}

/** Refetch the tenant's models (after a change). */
export function useRefreshModels(tenantId: string): () => void {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: modelsKey(tenantId) });
}

export interface NewModel {
  model: string;
  providerId: string;
  upstreamModel: string;
}

export function useRegisterModel(tenantId: string, onDone: () => void) {
  const refresh = useRefreshModels(tenantId);
  return useMutation({
    mutationFn: (m: NewModel) =>
      adminApi<Route>('gateway', modelsPath(tenantId), {
        method: 'POST',
        body: { model: m.model.trim(), providerId: m.providerId, upstreamModel: m.upstreamModel.trim() },
      }),
    onSuccess: () => {
      onDone();
      refresh();
    },
  });
}

export function useDeleteModel(tenantId: string, onDone: () => void) {
  const refresh = useRefreshModels(tenantId);
  return useMutation({
    mutationFn: (r: Route) => adminApi<void>('gateway', `${modelsPath(tenantId)}/${seg(r.model)}`, { method: 'DELETE' }),
    onSuccess: () => {
      onDone();
      refresh();
    },
  });
}
