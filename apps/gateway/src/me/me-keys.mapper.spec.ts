import {
  CreateKeyBody,
  RotateKeyBody,
  toBudgetPatch,
  toKeySpec,
  toPublicCreatedKey,
  toPublicKeyList,
  toPublicRevokedKey,
  UpdateKeyBody,
} from './me-keys.mapper';

const authKey = {
  id: '8f9f1c34-3a3a-4d2e-9a55-6d7b0f2c9e01',
  tenantId: '2b0c4b8e-7a51-4c43-9d36-3f1f3c7f0a11',
  label: 'worker',
  prefix: 'sk-tg-',
  last4: 'abcd',
  masked: 'sk-tg-...abcd',
  scopes: ['chat:write'],
  models: ['a-fast'],
  providers: ['openai-main'],
  status: 'active' as const,
  rateLimits: { rpm: 50, tpm: null },
  budget: { micros: 5_000_000, period: 'day' as const, alertPercent: 80 },
  expiresAt: '2026-02-01T00:00:00.000Z',
  revokedAt: null,
  lastUsedAt: '2026-01-15T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  rotatedFromId: null,
};

const publicKey = {
  id: authKey.id,
  tenant_id: authKey.tenantId,
  label: 'worker',
  prefix: 'sk-tg-',
  last4: 'abcd',
  masked: 'sk-tg-...abcd',
  scopes: ['chat:write'],
  models: ['a-fast'],
  providers: ['openai-main'],
  status: 'active',
  rate_limits: { rpm: 50, tpm: null },
  budget_micros: 5_000_000,
  budget_period: 'day',
  budget_alert_percent: 80,
  expires_at: '2026-02-01T00:00:00.000Z',
  revoked_at: null,
  last_used_at: '2026-01-15T00:00:00.000Z',
  created_at: '2026-01-01T00:00:00.000Z',
  rotated_from_id: null,
};

describe('me-keys mapper: auth key views to the public snake_case shape', () => {
  it('lists keys without a raw key', () => {
    expect(toPublicKeyList({ data: [authKey] })).toEqual({ object: 'list', data: [publicKey] });
  });

  it("lists each key's effective budget, the organization's named as such", () => {
    const effectiveBudget = {
      scope: 'tenant',
      micros: 9_000_000,
      period: 'month',
      spentMicros: 8_500_000,
      remainingMicros: 500_000,
      resetsAt: '2026-12-01T00:00:00+09:00',
    };
    expect(toPublicKeyList({ data: [{ ...authKey, effectiveBudget }] }).data[0].effective_budget).toEqual({
      scope: 'organization',
      budget_micros: 9_000_000,
      period: 'month',
      spent_micros: 8_500_000,
      remaining_micros: 500_000,
      resets_at: '2026-12-01T00:00:00+09:00',
    });
    expect(toPublicKeyList({ data: [{ ...authKey, budget: null, effectiveBudget: null }] }).data[0]).toMatchObject({
      budget_micros: null,
      budget_period: null,
      effective_budget: null,
    });
  });

  it('reads a PATCH as a label and/or a budget patch, and refuses an empty or misspelt one', () => {
    expect(toBudgetPatch(UpdateKeyBody.parse({ budget_micros: 1_000, budget_period: 'week' }))).toEqual({
      micros: 1_000,
      period: 'week',
      alertPercent: undefined,
    });
    expect(toBudgetPatch(UpdateKeyBody.parse({ budget_micros: null }))).toEqual({ micros: null, period: undefined, alertPercent: undefined });
    expect(toBudgetPatch(UpdateKeyBody.parse({ label: 'x' }))).toBeNull();
    expect(UpdateKeyBody.safeParse({}).success).toBe(false);
    expect(UpdateKeyBody.safeParse({ budgetMicros: 5 }).success).toBe(false);
    expect(UpdateKeyBody.safeParse({ budget_period: 'year' }).success).toBe(false);
    expect(UpdateKeyBody.safeParse({ budget_alert_percent: 101 }).success).toBe(false);
  });

  it('shows the raw key on create and rotate only', () => {
    expect(toPublicCreatedKey({ ...authKey, key: 'sk-tg-secret' })).toEqual({ ...publicKey, key: 'sk-tg-secret' });
    expect(toPublicRevokedKey({ ...authKey, status: 'revoked', revokedAt: '2026-01-20T00:00:00.000Z', key: 'never' })).toEqual({
      ...publicKey,
      status: 'revoked',
      revoked_at: '2026-01-20T00:00:00.000Z',
    });
  });

  it('refuses an auth answer of the wrong shape rather than passing it on', () => {
    expect(() => toPublicKeyList({ data: [{ ...authKey, expiresAt: undefined }] })).toThrow();
    expect(() => toPublicCreatedKey(authKey)).toThrow();
  });

  it('reads the create and rotate bodies in snake_case and refuses other spellings', () => {
    const body = CreateKeyBody.parse({ label: 'w', scopes: ['chat:write'], expires_at: '2026-02-01T00:00:00Z', rate_limits: { rpm: 2 } });
    expect(toKeySpec(body)).toEqual({ label: 'w', scopes: ['chat:write'], models: undefined, expiresAt: '2026-02-01T00:00:00Z', rateLimits: { rpm: 2 } });
    const camel = CreateKeyBody.safeParse({ label: 'w', expiresAt: '2026-02-01T00:00:00Z' });
    expect(camel.success).toBe(false);
    expect(camel.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['expiresAt'] });
    expect(CreateKeyBody.safeParse({ label: 'w', rate_limits: { rpm: 2, burst: 1 } }).success).toBe(false);
    expect(toKeySpec(CreateKeyBody.parse({ label: 'w', providers: ['openai-main'] })).providers).toEqual(['openai-main']);
    expect(RotateKeyBody.parse({ grace_period_seconds: 60 })).toEqual({ grace_period_seconds: 60 });
    expect(RotateKeyBody.safeParse({ gracePeriodSeconds: 60 }).success).toBe(false);
  });
});
