import type { Principal } from '@tollgate/contracts';
import { callerTimeZone } from './me-billing.service';
import type { MeCaller } from './me-caller';

const TENANT = '2b0c4b8e-7a51-4c43-9d36-3f1f3c7f0a11';
const principal = (extra: Record<string, unknown>): Principal =>
  ({
    tenantId: TENANT,
    keyId: TENANT,
    label: 'k',
    scopes: ['billing:read'],
    models: [],
    expiresAt: null,
    limits: { keyRpm: null, keyTpm: null, tenantRpm: null, tenantTpm: null },
    ...extra,
  }) as Principal;
const key = (extra: Record<string, unknown>): MeCaller => ({ kind: 'key', tenantId: TENANT, scopes: ['billing:read'], principal: principal(extra) });

describe("the statement's time zone comes from the caller's credential", () => {
  it("a key's: its tenant's zone as the principal carries it, else none (billing then uses UTC)", () => {
    expect(callerTimeZone(key({ budgets: { key: null, tenant: null, timeZone: 'Europe/Berlin' } }))).toBe('Europe/Berlin');
    expect(callerTimeZone(key({}))).toBeUndefined();
    expect(callerTimeZone(key({ budgets: { key: null, tenant: null, timeZone: '' } }))).toBeUndefined();
  });

  it("a portal session's: the zone auth gave with the session", () => {
    const user = { id: TENANT, tenantId: TENANT, email: 'o@example.com', role: 'owner' as const };
    expect(callerTimeZone({ kind: 'session', tenantId: TENANT, scopes: [], user, sessionId: TENANT, timeZone: 'Asia/Tokyo' })).toBe('Asia/Tokyo');
    expect(callerTimeZone({ kind: 'session', tenantId: TENANT, scopes: [], user, sessionId: TENANT })).toBeUndefined();
  });
});
