import { useQuery } from '@tanstack/react-query';
import { adminApi, seg } from '../api';
import type { Tenant, TenantSettings } from '../types';

export const TENANTS_KEY = ['tenants'] as const;
export const tenantKey = (id: string, part: string) => ['tenant', id, part] as const;

export function useTenants() {
  return useQuery({ queryKey: TENANTS_KEY, queryFn: ({ signal }) => adminApi<Tenant[]>('auth', '/admin/tenants', { signal }) });
}

export function useTenant(id: string) {
  return useQuery({ queryKey: tenantKey(id, 'info'), queryFn: ({ signal }) => adminApi<TenantSettings>('auth', `/admin/tenants/${seg(id)}`, { signal }) });
}
