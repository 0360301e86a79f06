import { ROLES } from '../api/types';

export const USERS_KEY = ['users'] as const;
export const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: r[0].toUpperCase() + r.slice(1) }));

/** The invite URL as a full link (the API may answer a path). */
export function absolute(url: string): string {
  try {
    return new URL(url, location.origin).toString();
  } catch {
    return url;
  }
}
