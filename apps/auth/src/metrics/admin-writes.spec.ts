import { adminWriteResource } from './admin-writes';

describe('adminWriteResource', () => {
  it.each([
    ['POST', '/admin/tenants', 'tenants'],
    ['POST', '/admin/tenants/:tenantId/keys', 'tenants/keys'],
    ['PUT', '/admin/tenants/:tenantId/rate-limits', 'tenants/rate-limits'],
    ['POST', '/admin/keys/:keyId/revoke', 'keys/revoke'],
    ['DELETE', '/admin/keys/:keyId', 'keys'],
    ['delete', '/admin/admins/:id', 'admins'],
  ])('%s %s is a write to %s', (method, route, resource) => {
    expect(adminWriteResource(method, route)).toBe(resource);
  });

  it.each([
    ['GET', '/admin/tenants/:tenantId/keys'],
    ['POST', '/admin/session'],
    ['DELETE', '/admin/session'],
    ['POST', '/webhooks/payments/:provider'],
    ['POST', undefined],
  ])('%s %s is not counted', (method, route) => {
    expect(adminWriteResource(method, route)).toBeNull();
  });
});
