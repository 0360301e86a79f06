import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { grantsScope, isScope, SCOPES, scopesOf } from './auth';
import { PORTAL_ROLES, ROLE_SCOPES, TEAM_SCOPE } from './portal';

describe('grantsScope', () => {
  it.each([
    // held, needed, granted
    [[], 'chat:write', false],
    [['chat:write'], 'chat:write', true],
    [['chat:write'], 'embeddings:write', false],
    [['keys:manage'], 'keys:read', true],
    [['keys:read'], 'keys:manage', false],
    [['billing:read'], 'usage:read', true],
    [['usage:read'], 'billing:read', false],
    [['billing:read'], 'billing:write', false],
    [['billing:write'], 'billing:read', false],
    [['billing:write'], 'usage:read', false],
    [['keys:manage'], 'usage:read', false],
    [['billing:read'], 'keys:read', false],
    // Implication is one step, not transitive, and never from an unknown scope.
    [['keys:manage', 'billing:read'], 'keys:read', true],
    [['keys:manage', 'billing:read'], 'usage:read', true],
    [['KEYS:MANAGE'], 'keys:read', false],
    [['keys:manage '], 'keys:read', false],
    [[TEAM_SCOPE], TEAM_SCOPE, true],
    [['keys:manage'], TEAM_SCOPE, false],
    [['chat:write'], '', false],
  ])('%j grants %s: %s', (held, needed, granted) => {
    expect(grantsScope(held, needed)).toBe(granted);
  });

  // Known defect: IMPLIED is a plain object, so a held "scope" named after an Object.prototype
  // member reaches a function instead of a list and grantsScope throws a TypeError (a 500 where a
  // 403 belongs). Scopes are validated when keys are made, so only corrupt data reaches it. When
  // IMPLIED has no prototype (Object.create(null) or a Map), these fail: make them plain `it.each`.
  it.each([['constructor'], ['__proto__'], ['toString'], ['hasOwnProperty']])('a held scope named %s grants nothing (and does not throw)', (held) => {
    expect(grantsScope([held], 'keys:read')).toBe(false);
  });
});

/** docs/me-api.md's role table: `| \`role\` | scopes |`. */
function documentedRoles(): Map<string, string[]> {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'me-api.md'), 'utf8');
  const roles = new Map<string, string[]>();
  for (const m of doc.matchAll(/^\| `(owner|developer|billing|viewer)` \| (.+) \|$/gm))
    roles.set(
      m[1],
      [...m[2].matchAll(/`([a-z]+:[a-z]+)`/g)].map((s) => s[1]),
    );
  return roles;
}

/** docs/me-api.md's scope table: every scope a session or key can have on /me. */
function documentedScopes(): string[] {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'me-api.md'), 'utf8');
  return [...doc.matchAll(/^\| `([a-z]+:[a-z]+)` \|/gm)].map((m) => m[1]);
}

describe('ROLE_SCOPES, as docs/me-api.md documents them', () => {
  const doc = documentedRoles();

  it('documents every role', () => {
    expect([...doc.keys()].sort()).toEqual([...PORTAL_ROLES].sort());
  });

  it.each(['developer', 'billing', 'viewer'] as const)('%s holds exactly the documented scopes', (role) => {
    expect([...ROLE_SCOPES[role]].sort()).toEqual([...doc.get(role)!].sort());
  });

  it('owner holds every scope of the scope table plus the ones it names', () => {
    const expected = new Set([...documentedScopes(), ...doc.get('owner')!]);
    expect([...ROLE_SCOPES.owner].sort()).toEqual([...expected].sort());
    for (const s of SCOPES) expect(ROLE_SCOPES.owner).toContain(s);
  });

  // What each role may do on /me, by the scope each route needs (docs/me-api.md), implied scopes included.
  const needs = ['keys:read', 'keys:manage', 'usage:read', 'billing:read', 'billing:write', 'models:read', TEAM_SCOPE, 'chat:write', 'embeddings:write'];
  it.each([
    ['owner', ['keys:read', 'keys:manage', 'usage:read', 'billing:read', 'billing:write', 'models:read', TEAM_SCOPE, 'chat:write', 'embeddings:write']],
    ['developer', ['keys:read', 'keys:manage', 'usage:read', 'models:read', 'chat:write', 'embeddings:write']],
    ['billing', ['usage:read', 'billing:read', 'billing:write']],
    ['viewer', ['keys:read', 'usage:read', 'models:read']],
  ] as const)('%s is granted exactly %j', (role, granted) => {
    expect(needs.filter((s) => grantsScope(ROLE_SCOPES[role], s))).toEqual(needs.filter((s) => (granted as readonly string[]).includes(s)));
  });

  it('only owners manage the team', () => {
    expect(PORTAL_ROLES.filter((r) => grantsScope(ROLE_SCOPES[r], TEAM_SCOPE))).toEqual(['owner']);
  });
});

describe('isScope and scopesOf: stored scope lists as the Scope type', () => {
  it.each([
    // value, a key scope?
    ['chat:write', true],
    ['usage:read', true],
    ['team:manage', false],
    ['Chat:write', false],
    ['', false],
  ])('%s → %s', (value, known) => {
    expect(isScope(value)).toBe(known);
  });

  it('keeps the known scopes in order and drops the rest (a stored scope no longer known grants nothing)', () => {
    expect(scopesOf(['models:read', 'team:manage', 'chat:write', 'chat:writes'])).toEqual(['models:read', 'chat:write']);
    expect(scopesOf([])).toEqual([]);
  });
});
