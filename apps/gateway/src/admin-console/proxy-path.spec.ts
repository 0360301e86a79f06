import { proxyTarget } from './proxy-path';

describe('proxyTarget', () => {
  it.each([
    ['/console-api/auth/admin/tenants', 'auth', '/admin/tenants'],
    ['/console-api/billing/admin/tenants/t1/ledger?limit=20&before=x', 'billing', '/admin/tenants/t1/ledger?limit=20&before=x'],
    ['/console-api/gateway/admin/tenants/t1/models/openai%2Fgpt-4o/targets', 'gateway', '/admin/tenants/t1/models/openai%2Fgpt-4o/targets'],
    ['/console-api/gateway/admin/providers/health', 'gateway', '/admin/providers/health'],
  ])('%s → %s %s', (url, upstream, path) => {
    expect(proxyTarget(url)).toEqual({ upstream, path });
  });

  it.each([
    '/console-api/auth/api/docs',
    '/console-api/auth/api/docs-json',
    '/console-api/auth/health/live',
    '/console-api/billing/metrics',
    '/console-api/auth/admin',
    '/console-api/auth/admin/',
    '/console-api/auth/admin//tenants',
    '/console-api/auth/admin/../health/live',
    '/console-api/auth/admin/%2e%2e/health/live',
    '/console-api/auth/admin/tenants/%2E',
    '/console-api/auth/%61dmin/tenants',
    '/console-api/auth/admin/a%5cb',
    '/console-api/auth/admin/a%00',
    '/console-api/auth/admin/%E0%A4%A',
    '/console-api/other/admin/tenants',
    '/console-api/session',
    '/console-api/auth//admin/tenants',
  ])('refuses %s', (url) => {
    expect(proxyTarget(url)).toBeNull();
  });
});
