import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/api';
import type { List } from '../api/types';
import type { AlertSettings, WebhookDelivery, WebhookEndpoint, WebhookEndpointWithSecret } from './types';

export const ENDPOINTS_KEY = ['webhooks'] as const;
const SETTINGS_KEY = ['webhooks', 'settings'] as const;
const deliveriesKey = (id: string) => ['webhooks', id, 'deliveries'] as const;

export function useEndpoints() {
  return useQuery({ queryKey: ENDPOINTS_KEY, queryFn: ({ signal }) => api<List<WebhookEndpoint>>('/me/webhooks', { signal }) });
}

export function useAlertSettings() {
  return useQuery({ queryKey: SETTINGS_KEY, queryFn: ({ signal }) => api<AlertSettings>('/me/webhooks/settings', { signal }) });
}

export function useSaveSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (micros: number | null) => api<AlertSettings>('/me/webhooks/settings', { method: 'PUT', body: { balance_low_threshold_micros: micros } }),
    onSuccess: (saved) => qc.setQueryData(SETTINGS_KEY, saved),
  });
}

/** A delivery log refreshed every few seconds while it is open (retries move on their own). */
export function useDeliveries(id: string) {
  return useQuery({
    queryKey: deliveriesKey(id),
    queryFn: ({ signal }) => api<List<WebhookDelivery>>(`/me/webhooks/${encodeURIComponent(id)}/deliveries`, { signal }),
    refetchInterval: 3000,
  });
}

export function useCreateEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { url: string; description: string | null; event_types: string[] }) =>
      api<WebhookEndpointWithSecret>('/me/webhooks', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ENDPOINTS_KEY }),
  });
}

/** The row actions: each refreshes the list (and the endpoint's delivery log). */
export function useEndpointActions(id: string) {
  const qc = useQueryClient();
  const path = `/me/webhooks/${encodeURIComponent(id)}`;
  const refresh = () => qc.invalidateQueries({ queryKey: ENDPOINTS_KEY });
  return {
    test: useMutation({
      mutationFn: () => api<WebhookDelivery>(`${path}/test`, { method: 'POST' }),
      onSuccess: () => qc.invalidateQueries({ queryKey: deliveriesKey(id) }),
    }),
    rotate: useMutation({ mutationFn: () => api<WebhookEndpointWithSecret>(`${path}/rotate-secret`, { method: 'POST' }), onSuccess: refresh }),
    toggle: useMutation({ mutationFn: (enabled: boolean) => api<WebhookEndpoint>(path, { method: 'PATCH', body: { enabled } }), onSuccess: refresh }),
    remove: useMutation({ mutationFn: () => api<void>(path, { method: 'DELETE' }), onSuccess: refresh }),
  };
}
