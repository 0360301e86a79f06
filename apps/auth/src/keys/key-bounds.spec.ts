import { AuthError } from '../errors/auth.error';
import { KeyBounds, narrowSpec, widerThan } from './key-bounds';

const hour = new Date('2030-01-01T01:00:00.000Z');
const caller: KeyBounds = { scopes: ['keys:manage', 'chat:write'], models: ['a'], providers: [], expiresAt: hour, rpmLimit: 5, tpmLimit: null };

describe('narrowSpec', () => {
  it('takes the tighter of the requested and the caller expiry and limits', () => {
    expect(narrowSpec(caller, { label: 'x', rateLimits: { rpm: 1_000_000, tpm: 7 } })).toEqual({
      label: 'x',
      scopes: caller.scopes,
      models: ['a'],
      providers: undefined,
      expiresAt: hour.toISOString(),
      rateLimits: { rpm: 5, tpm: 7 },
    });
    expect(narrowSpec(caller, { label: 'x', expiresAt: '2030-01-01T00:30:00Z', rateLimits: { rpm: 2 } })).toMatchObject({ expiresAt: '2030-01-01T00:30:00Z', rateLimits: { rpm: 2, tpm: null } });
    expect(narrowSpec({ ...caller, expiresAt: null }, { label: 'x' }).expiresAt).toBeUndefined();
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
});
