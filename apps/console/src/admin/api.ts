// The admin console's calls: only its own origin's /console-api/* (the gateway admin port's
// backend, which adds the admin token from the HttpOnly cookie). Same wrapper as the customer
// console: CSRF header on writes, OpenAI-shaped errors, a 401 hands over to the sign-in page.

import { send, type RequestOptions } from '../api/api';

export type Service = 'auth' | 'billing' | 'gateway';

type Query = Record<string, string | number | undefined | null>;

/** `path` is an admin API path (`/admin/…`) of `service`; empty query values are left out. */
export function adminApi<T>(service: Service, path: string, options: RequestOptions & { query?: Query } = {}): Promise<T> {
  if (!path.startsWith('/admin/')) throw new Error(`not an admin path: ${path}`);
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(options.query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return send<T>(`/console-api/${service}${path}${qs ? `?${qs}` : ''}`, options);
}

/** The session routes of the backend itself. */
export function sessionApi<T>(options: RequestOptions = {}): Promise<T> {
  return send<T>('/console-api/session', options);
}

/** One path segment (ids, model names with `/` in them). */
export const seg = (value: string): string => encodeURIComponent(value);
