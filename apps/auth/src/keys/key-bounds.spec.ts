import { scopesOf } from '@tollgate/contracts';
import { AuthError } from '../errors/auth.error';
import { KeyBounds, narrowSpec, widerThan } from './key-bounds';

const hour = new Date('2030-01-01T01:00:00.000Z');
const caller: KeyBounds = { scopes: ['keys:manage', 'chat:write'], models: ['a'], providers: [], expiresAt: hour, rpmLimit: 5, tpmLimit: null };

describe('narrowSpec', () => {
  it('takes the tighter of the requested and the caller expiry and limits', () => {
    expect(narrowSpec(caller, { label: 'x', rateLimits: { rpm: 1_000_000, tpm: 7 } })).toEqual({
      label: 'x',
      scopes: ['chat:write'],
      models: ['a'],
      providers: undefined,
      expiresAt: hour.toISOString(),
      rateLimits: { rpm: 5, tpm: 7 },
    });
    expect(narrowSpec(caller, { label: 'x', expiresAt: '2030-01-01T00:30:00Z', rateLimits: { rpm: 2 } })).toMatchObject({
      expiresAt: '2030-01-01T00:30:00Z',
      rateLimits: { rpm: 2, tpm: null },
    });
    expect(narrowSpec({ ...caller, expiresAt: null }, { label: 'x' }).expiresAt).toBeUndefined();
  });

  it("gives a key asked for without scopes the default scopes the caller holds, never the caller's key management or billing:write", () => {
    const owner: KeyBounds = { ...caller, scopes: scopesOf(['keys:manage', 'billing:write', 'billing:read', 'usage:read', 'chat:write', 'models:read']) };
    expect(narrowSpec(owner, { label: 'x' }).scopes).toEqual(['chat:write', 'models:read', 'billing:read']);
    expect(narrowSpec({ ...caller, scopes: ['keys:manage'] }, { label: 'x' }).scopes).toEqual([]);
    expect(narrowSpec(owner, { label: 'x', scopes: ['keys:manage'] }).scopes).toEqual(['keys:manage']);
  });

  it('refuses a scope or model the caller lacks', () => {
    expect(() => narrowSpec(caller, { label: 'x', scopes: ['billing:read'] })).toThrow(AuthError);
    expect(() => narrowSpec(caller, { label: 'x', models: ['b'] })).toThrow("'b'");
  });

  it('confines providers to the caller policy, which an omitted or empty list inherits', () => {
    const confined = { ...caller, providers: ['p1', 'p2'] };
    expect(narrowSpec(confined, { label: 'x', providers: ['p2'] }).providers).toEqual(['p2']);
    expect(narrowSpec(confined, { label: 'x' }).providers).toEqual(['p1', 'p2']);
    expect(narrowSpec(confined, { label: 'x', providers: [] }).providers).toEqual(['p1', 'p2']);
    expect(() => narrowSpec(confined, { label: 'x', providers: ['p1', 'p3'] })).toThrow("provider 'p3'");
    expect(narrowSpec(caller, { label: 'x', providers: ['p3'] }).providers).toEqual(['p3']);
  });
});

describe('widerThan', () => {
  const same: KeyBounds = { ...caller, scopes: ['chat:write'] };

  it('is null for a key the caller could have created', () => {
    expect(widerThan(caller, same)).toBeNull();
    expect(widerThan(caller, { ...same, expiresAt: new Date('2030-01-01T00:00:00Z'), rpmLimit: 1, tpmLimit: 3 })).toBeNull();
  });

  it('names the first way the key is wider', () => {
    expect(widerThan(caller, { ...same, scopes: ['billing:read'] })).toContain("'billing:read'");
    expect(widerThan(caller, { ...same, models: [] })).toBe('it may use every model');
    expect(widerThan(caller, { ...same, models: ['a', 'b'] })).toContain("'b'");
    expect(widerThan({ ...caller, providers: ['p1'] }, same)).toBe('it may use every provider');
    expect(widerThan({ ...caller, providers: ['p1'] }, { ...same, providers: ['p1', 'p2'] })).toContain("'p2'");
    expect(widerThan({ ...caller, providers: ['p1'] }, { ...same, providers: ['p1'] })).toBeNull();
    expect(widerThan(caller, { ...same, expiresAt: null })).toBe('it expires later');
    expect(widerThan(caller, { ...same, rpmLimit: null })).toContain('requests-per-minute');
    expect(widerThan({ ...caller, tpmLimit: 10 }, { ...same, tpmLimit: 11 })).toContain('tokens-per-minute');
  });

  it('a caller with a budget cannot manage a key without one or with a higher one (bigint rows included)', () => {
    const budgeted = { ...caller, budgetMicros: 5_000_000n };
    expect(widerThan(budgeted, same)).toBe('its budget is higher');
    expect(widerThan(budgeted, { ...same, budgetMicros: 5_000_001n })).toBe('its budget is higher');
    expect(widerThan(budgeted, { ...same, budgetMicros: 5_000_000 })).toBeNull();
    expect(widerThan(caller, { ...same, budgetMicros: 1n })).toBeNull(); // a caller without a budget may manage any
  });
});

/** The same rules as tables: every field of a key, each way it can be narrower, equal or wider. */
describe('narrowSpec, table by field', () => {
  const base: KeyBounds = { scopes: ['keys:manage', 'chat:write', 'models:read'], models: [], providers: [], expiresAt: null, rpmLimit: null, tpmLimit: null };
  const code = (fn: () => unknown): string | null => {
    try {
      fn();
      return null;
    } catch (err) {
      return err instanceof AuthError ? `${err.code}:${err.param}` : 'not an AuthError';
    }
  };

  it.each([
    ['omitted: the default scopes the caller holds (not its keys:manage)', base.scopes, undefined, ['chat:write', 'models:read']],
    ['a subset', base.scopes, ['chat:write'], ['chat:write']],
    ['the same set', base.scopes, [...base.scopes], base.scopes],
    ['none at all', base.scopes, [], []],
  ])('scopes %s', (_what, own, requested, expected) => {
    expect(narrowSpec({ ...base, scopes: own }, { label: 'x', scopes: requested }).scopes).toEqual(expected);
  });

  it.each([
    ['one the caller lacks', ['chat:write'], ['billing:read'], 'scope_escalation:scopes'],
    ['one the caller lacks among ones it has', ['chat:write'], ['chat:write', 'embeddings:write'], 'scope_escalation:scopes'],
    ['billing:write from a billing:read caller', ['billing:read'], ['billing:write'], 'scope_escalation:scopes'],
    // Implied scopes are for checking access, not for handing on: keys:manage includes keys:read for
    // the caller, yet a key with keys:read must be asked for by a caller that holds it.
    ['keys:read implied by keys:manage, not held', ['keys:manage'], ['keys:read'], 'scope_escalation:scopes'],
    ['usage:read implied by billing:read, not held', ['billing:read'], ['usage:read'], 'scope_escalation:scopes'],
    ['an unknown scope, even when nothing else is asked', [...base.scopes], ['chat:writes'], 'invalid_request:scopes'],
    ['team:manage, which no key can hold', ['team:manage', 'chat:write'], ['team:manage'], 'invalid_request:scopes'],
  ])('refuses a scope: %s', (_what, own, requested, expected) => {
    expect(code(() => narrowSpec({ ...base, scopes: scopesOf(own) }, { label: 'x', scopes: requested }))).toBe(expected);
  });

  it.each([
    // own list (empty = any), requested, result (undefined = any)
    ['any caller, omitted: any', [], undefined, undefined],
    ['any caller, empty: any', [], [], []],
    ['any caller, a list: that list', [], ['a', 'b'], ['a', 'b']],
    ['a confined caller, omitted: the caller’s list', ['a', 'b'], undefined, ['a', 'b']],
    ['a confined caller, empty: the caller’s list, never "any"', ['a', 'b'], [], ['a', 'b']],
    ['a confined caller, a subset: the subset', ['a', 'b'], ['b'], ['b']],
  ])('models and providers: %s', (_what, own, requested, expected) => {
    expect(narrowSpec({ ...base, models: own }, { label: 'x', models: requested }).models).toEqual(expected);
    expect(narrowSpec({ ...base, providers: own }, { label: 'x', providers: requested }).providers).toEqual(expected);
  });

  it.each([
    ['one outside the list', ['a'], ['c']],
    ['one outside among allowed ones', ['a', 'b'], ['a', 'c']],
    ['a name that differs only in case', ['gpt-4.1'], ['GPT-4.1']],
  ])('models and providers: refuses %s', (_what, own, requested) => {
    expect(code(() => narrowSpec({ ...base, models: own }, { label: 'x', models: requested }))).toBe('scope_escalation:models');
    expect(code(() => narrowSpec({ ...base, providers: own }, { label: 'x', providers: requested }))).toBe('scope_escalation:providers');
  });

  const at = (iso: string) => new Date(iso);
  it.each([
    ['no expiry on either: none', null, undefined, undefined],
    ['an expiring key from a caller that never expires', null, '2030-06-01T00:00:00.000Z', '2030-06-01T00:00:00.000Z'],
    ['omitted: the caller’s expiry', at('2030-01-01T00:00:00.000Z'), undefined, '2030-01-01T00:00:00.000Z'],
    ['earlier than the caller: as asked', at('2030-01-01T00:00:00.000Z'), '2029-12-31T23:59:59.000Z', '2029-12-31T23:59:59.000Z'],
    ['later than the caller: the caller’s', at('2030-01-01T00:00:00.000Z'), '2031-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z'],
    ['the same instant: the caller’s', at('2030-01-01T00:00:00.000Z'), '2030-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z'],
  ])('expiry: %s', (_what, own, requested, expected) => {
    expect(narrowSpec({ ...base, expiresAt: own }, { label: 'x', expiresAt: requested }).expiresAt).toBe(expected);
  });

  it.each([
    // caller rpm, caller tpm, requested, result
    ['unlimited caller, none asked: unlimited', null, null, undefined, { rpm: null, tpm: null }],
    ['unlimited caller: as asked', null, null, { rpm: 10, tpm: 1000 }, { rpm: 10, tpm: 1000 }],
    ['limited caller, none asked: the caller’s', 5, 500, undefined, { rpm: 5, tpm: 500 }],
    ['limited caller, lower asked: as asked', 5, 500, { rpm: 1, tpm: 499 }, { rpm: 1, tpm: 499 }],
    ['limited caller, higher asked: the caller’s', 5, 500, { rpm: 6, tpm: 10_000 }, { rpm: 5, tpm: 500 }],
    ['limited caller, unlimited asked: the caller’s', 5, 500, { rpm: null, tpm: null }, { rpm: 5, tpm: 500 }],
    ['each limit on its own', 5, null, { tpm: 7 }, { rpm: 5, tpm: 7 }],
  ])('rate limits: %s', (_what, rpmLimit, tpmLimit, rateLimits, expected) => {
    expect(narrowSpec({ ...base, rpmLimit, tpmLimit }, { label: 'x', rateLimits }).rateLimits).toEqual(expected);
  });

  it('never makes a key widerThan its creator', () => {
    const callers: KeyBounds[] = [
      base,
      { ...base, models: ['a', 'b'], providers: ['p'], expiresAt: at('2030-01-01T00:00:00.000Z'), rpmLimit: 5, tpmLimit: 500 },
      { ...base, scopes: ['chat:write'], models: ['a'], rpmLimit: 1, tpmLimit: null },
    ];
    const specs = [
      { label: 'x' },
      { label: 'x', models: [], providers: [], rateLimits: { rpm: null, tpm: null } },
      { label: 'x', scopes: ['chat:write'], expiresAt: '2035-01-01T00:00:00.000Z', rateLimits: { rpm: 1_000, tpm: 1_000_000 } },
    ];
    for (const caller of callers) {
      for (const spec of specs) {
        const s = narrowSpec(caller, spec);
        const key: KeyBounds = {
          scopes: s.scopes ?? [],
          models: s.models ?? [],
          providers: s.providers ?? [],
          expiresAt: s.expiresAt ? new Date(s.expiresAt) : null,
          rpmLimit: s.rateLimits?.rpm ?? null,
          tpmLimit: s.rateLimits?.tpm ?? null,
        };
        expect(widerThan(caller, key)).toBeNull();
      }
    }
  });
});

describe('widerThan, table', () => {
  const caller: KeyBounds = {
    scopes: ['keys:manage', 'chat:write'],
    models: ['a', 'b'],
    providers: ['p1'],
    expiresAt: new Date('2030-01-01T00:00:00Z'),
    rpmLimit: 10,
    tpmLimit: 1000,
  };
  const key: KeyBounds = {
    scopes: ['chat:write'],
    models: ['a'],
    providers: ['p1'],
    expiresAt: new Date('2029-01-01T00:00:00Z'),
    rpmLimit: 10,
    tpmLimit: 1000,
  };

  it.each<[string, KeyBounds, string | null]>([
    ['narrower everywhere', key, null],
    ['equal everywhere', caller, null],
    ['no scopes at all', { ...key, scopes: [] }, null],
    ['a scope the caller lacks', { ...key, scopes: ['chat:write', 'billing:read'] }, "it has the 'billing:read' scope"],
    ['keys:read, only implied by the caller’s keys:manage', { ...key, scopes: ['keys:read'] }, "it has the 'keys:read' scope"],
    ['every model', { ...key, models: [] }, 'it may use every model'],
    ['another model', { ...key, models: ['a', 'c'] }, "it may use the model 'c'"],
    ['every provider', { ...key, providers: [] }, 'it may use every provider'],
    ['another provider', { ...key, providers: ['p2'] }, "it may use the provider 'p2'"],
    ['no expiry', { ...key, expiresAt: null }, 'it expires later'],
    ['a later expiry', { ...key, expiresAt: new Date('2030-01-01T00:00:00.001Z') }, 'it expires later'],
    ['the same expiry', { ...key, expiresAt: caller.expiresAt }, null],
    ['no rpm limit', { ...key, rpmLimit: null }, 'its requests-per-minute limit is higher'],
    ['a higher rpm limit', { ...key, rpmLimit: 11 }, 'its requests-per-minute limit is higher'],
    ['no tpm limit', { ...key, tpmLimit: null }, 'its tokens-per-minute limit is higher'],
    ['a higher tpm limit', { ...key, tpmLimit: 1001 }, 'its tokens-per-minute limit is higher'],
    ['wider in two ways: the first is named', { ...key, scopes: ['usage:read'], models: [] }, "it has the 'usage:read' scope"],
  ])('%s', (_what, target, reason) => {
    expect(widerThan(caller, target)).toBe(reason);
  });

  it.each([
    ['any models', { models: [] }, { models: [] }],
    ['any providers', { providers: [] }, { providers: [] }],
    ['no expiry', { expiresAt: null }, { expiresAt: null }],
    ['no limits', { rpmLimit: null, tpmLimit: null }, { rpmLimit: null, tpmLimit: null }],
  ])('an unrestricted caller (%s) may have created an unrestricted key', (_what, callerOver, keyOver) => {
    expect(widerThan({ ...caller, ...callerOver }, { ...key, ...keyOver })).toBeNull();
  });
});
