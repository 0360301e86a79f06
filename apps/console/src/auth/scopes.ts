// Which pages and actions a session's scopes allow (docs/me-api.md: keys:manage includes keys:read,
// billing:read includes usage:read).

const IMPLIED: Record<string, string[]> = {
  'keys:read': ['keys:manage'],
  'usage:read': ['billing:read'],
};

export function hasScope(scopes: readonly string[], scope: string): boolean {
  if (scopes.includes(scope)) return true;
  return (IMPLIED[scope] ?? []).some((s) => scopes.includes(s));
}

export interface NavItem {
  path: string;
  label: string;
  scope: string | null;
}

export const NAV: readonly NavItem[] = [
  { path: '/keys', label: 'API keys', scope: 'keys:read' },
  { path: '/usage', label: 'Usage', scope: 'usage:read' },
  { path: '/logs', label: 'Request logs', scope: 'usage:read' },
  { path: '/health', label: 'Health', scope: 'models:read' },
  { path: '/billing', label: 'Billing', scope: 'billing:read' },
  { path: '/webhooks', label: 'Webhooks', scope: 'billing:read' },
  { path: '/audit', label: 'Audit log', scope: 'keys:read' },
  { path: '/team', label: 'Team', scope: 'team:manage' },
  { path: '/settings', label: 'Settings', scope: null },
];

export function allowedNav(scopes: readonly string[]): NavItem[] {
  return NAV.filter((n) => n.scope === null || hasScope(scopes, n.scope));
}
