import type { Principal } from '@tollgate/contracts';
import { callerTimeZone } from './me-billing.service';
import type { MeCaller } from './me-caller';

const TENANT = '2b0c4b8e-7a51-4c43-9d36-3f1f3c7f0a11';
const principal = (extra: Record<string, unknown>): Principal =>
  ({ tenantId: TENANT, keyId: TENANT, label: 'k', scopes: ['billing:read'], models: [], expiresAt: null, limits: { keyRpm: null, keyTpm: null, tenantRpm: null, tenantTpm: null }, ...extra }) as Principal;
const key = (extra: Record<string, unknown>): MeCaller => ({ kind: 'key', tenantId: TENANT, scopes: ['billing:read'], principal: principal(extra) });

describe("the statement's time zone comes from the caller's principal", () => {
  it("the principal's reporting time zone (its own field, or its budgets'), else none (billing then uses UTC)", () => {
    expect(callerTimeZone(key({ timeZone: 'Asia/Tokyo' }))).toBe('Asia/Tokyo');
    expect(callerTimeZone(key({ budgets: { key: null, tenant: null, timeZone: 'Europe/Berlin' } }))).toBe('Europe/Berlin');
    expect(callerTimeZone(key({}))).toBeUndefined();
    expect(callerTimeZone(key({ timeZone: '' }))).toBeUndefined();
  });
});
