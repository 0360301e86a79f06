import { clearedCookie, sessionCookie, sessionIdOf } from './session-cookie';

const id = 'a'.repeat(43);

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/ and, over TLS, Secure with the __Host- prefix', () => {
    expect(sessionCookie(id, 60, false)).toBe(`tollgate_session=${id}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax`);
    expect(sessionCookie(id, 60, true)).toBe(`__Host-tollgate_session=${id}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure`);
    expect(clearedCookie(true)).toContain('Max-Age=0');
  });

  it('reads the id from a Cookie header and ignores malformed values', () => {
    expect(sessionIdOf(`x=1; tollgate_session=${id}`)).toBe(id);
    expect(sessionIdOf(`__Host-tollgate_session=${id}; tollgate_session=${'b'.repeat(43)}`)).toBe(id);
    expect(sessionIdOf('tollgate_session=short')).toBeNull();
    expect(sessionIdOf(undefined)).toBeNull();
  });
});
