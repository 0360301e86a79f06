import { ExecutionContext, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { AdminIdentity } from '@tollgate/contracts';
import { adminTokenDigest, AdminGuard, AdminRequest, AdminVerifier } from './admin-token';
import { AdminSessionCache } from './admin-verifier';

const BOOTSTRAP = 'bootstrap-token-0123456789abcdef';
const SESSION = `tgadm_${'A'.repeat(43)}`;
const ADA: AdminIdentity = { id: '6f1c1c1e-5b8e-4a43-9a0e-3f2d3c6f0a11', email: 'ada@example.com' };

function run(guard: AdminGuard, authorization?: string): Promise<AdminRequest> {
  const req = { headers: authorization ? { authorization } : {} } as AdminRequest;
  const ctx = { switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext;
  return guard.canActivate(ctx).then(() => req);
}

describe('AdminGuard', () => {
  const asked: string[] = [];
  const verifier: AdminVerifier = { verify: (digest) => (asked.push(digest), Promise.resolve(digest === adminTokenDigest(SESSION) ? ADA : null)) };
  const guard = new AdminGuard(BOOTSTRAP, verifier);
  beforeEach(() => (asked.length = 0));

  it('the bootstrap token acts as `admin` without asking the verifier', async () => {
    expect((await run(guard, `Bearer ${BOOTSTRAP}`)).user).toEqual({ actor: 'admin' });
    expect(asked).toEqual([]);
  });

  it('a live admin session acts as admin:<email>; only its digest is passed on', async () => {
    expect((await run(guard, `Bearer ${SESSION}`)).user).toEqual({ actor: `admin:${ADA.email}`, admin: ADA, sessionDigest: adminTokenDigest(SESSION) });
    expect(asked).toEqual([adminTokenDigest(SESSION)]);
  });

  it('refuses unknown sessions, other token shapes (never looked up) and no token', async () => {
    await expect(run(guard, `Bearer tgadm_${'B'.repeat(43)}`)).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(run(guard, 'Bearer tg_live_customer_key_aaaaaaaaaaaaaaaaaaaa')).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(run(guard)).rejects.toBeInstanceOf(UnauthorizedException);
    expect(asked).toHaveLength(1);
  });

  it('fails closed with 503 when sessions cannot be verified', async () => {
    const down = new AdminGuard(BOOTSTRAP, { verify: () => Promise.reject(new Error('no responders')) });
    await expect(run(down, `Bearer ${SESSION}`)).rejects.toBeInstanceOf(ServiceUnavailableException);
    expect((await run(down, `Bearer ${BOOTSTRAP}`)).user).toEqual({ actor: 'admin' });
  });
});

describe('AdminSessionCache', () => {
  it('keeps a verified session for its TTL only', () => {
    const cache = new AdminSessionCache(5_000);
    cache.set('d', ADA, cache.current(), 1_000);
    expect(cache.get('d', 5_999)).toEqual(ADA);
    expect(cache.get('d', 6_000)).toBeNull();
  });

  it('forgets ended sessions at once, and drops an answer that was in flight meanwhile', () => {
    const cache = new AdminSessionCache();
    cache.set('d', ADA, cache.current());
    const since = cache.current();
    cache.forget(['d']);
    expect(cache.get('d')).toBeNull();
    cache.set('d', ADA, since);
    expect(cache.get('d')).toBeNull();
  });
});
