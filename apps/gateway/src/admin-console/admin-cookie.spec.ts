import { adminCookie, adminTokenOf, clearedAdminCookie } from './admin-cookie';

const TOKEN = `tgadm_${'A'.repeat(43)}`;

describe('admin console cookie', () => {
  it('is HttpOnly, SameSite=Strict, Path=/, and Secure with the __Host- prefix over TLS', () => {
    expect(adminCookie(TOKEN, 3600.7, false)).toBe(`tollgate_admin=${TOKEN}; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict`);
    expect(adminCookie(TOKEN, 60, true)).toBe(`__Host-tollgate_admin=${TOKEN}; Path=/; Max-Age=60; HttpOnly; SameSite=Strict; Secure`);
    expect(clearedAdminCookie(false)).toBe('tollgate_admin=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
  });

  it('reads only a session-token-shaped value', () => {
    expect(adminTokenOf(`a=b; tollgate_admin=${TOKEN}`)).toBe(TOKEN);
    expect(adminTokenOf(`tollgate_admin=x; __Host-tollgate_admin=${TOKEN}`)).toBe(TOKEN);
    expect(adminTokenOf('tollgate_admin=admin-bootstrap-token')).toBeNull();
    expect(adminTokenOf(`tollgate_session=${TOKEN}`)).toBeNull();
    expect(adminTokenOf(undefined)).toBeNull();
  });
});
