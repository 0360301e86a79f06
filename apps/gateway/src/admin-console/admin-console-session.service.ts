import { Inject, Injectable } from '@nestjs/common';
import { isAdminSessionToken } from '@tollgate/server';
import { z } from 'zod';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { GatewayErrors } from '../errors/gateway.error';
import { adminCookie, adminTokenOf, clearedAdminCookie } from './admin-cookie';
import { AdminUpstreams, UpstreamAnswer } from './admin-upstreams.service';
import { ConsoleAnswer, errorAnswer } from './console-answer';

const Credentials = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) }).strict();
const SignedIn = z.object({
  token: z.string().refine(isAdminSessionToken),
  admin: z.object({ id: z.string(), email: z.string() }),
  expires_at: z.string(),
});
const WhoAmI = z.object({ actor: z.string(), admin: z.object({ id: z.string(), email: z.string() }).nullable(), expires_at: z.string().nullable() });

const SIGN_IN_FAILED = 'Incorrect email or password.';
const notSignedIn = () => GatewayErrors.notSignedIn('Not signed in, or the admin session has ended.');
const badAnswer = () => GatewayErrors.upstreamError('The auth admin API answered in an unexpected shape.');

/** Passes an upstream's answer on as it is. */
const passThrough = (res: UpstreamAnswer, cookie?: string): ConsoleAnswer => ({ status: res.status, headers: res.headers, body: res.body, cookie });

function json(res: UpstreamAnswer): unknown {
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The admin console's sign-in: auth's admin session (POST /admin/session), whose token goes into
 * an HttpOnly cookie and never into the page. Auth keeps owning the session (idle and absolute
 * expiry, sign-out, removal).
 */
@Injectable()
export class AdminConsoleSessionService {
  constructor(
    private readonly upstreams: AdminUpstreams,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  secure(overTls: boolean): boolean {
    return this.config.ADMIN_COOKIE_SECURE === 'auto' ? overTls : this.config.ADMIN_COOKIE_SECURE === 'true';
  }

  async signIn(body: unknown, secure: boolean, requestId?: string): Promise<ConsoleAnswer> {
    const creds = Credentials.safeParse(body ?? {});
    if (!creds.success) throw GatewayErrors.invalidCredentials(SIGN_IN_FAILED);
    const res = await this.upstreams.call('auth', { method: 'POST', path: '/admin/session', token: null, body: creds.data, requestId });
    if (res.status !== 201) return passThrough(res);
    const signedIn = SignedIn.safeParse(json(res));
    if (!signedIn.success) throw badAnswer();
    const { token, admin, expires_at } = signedIn.data;
    const maxAge = (new Date(expires_at).getTime() - Date.now()) / 1000;
    return { status: 201, body: { admin, expires_at }, cookie: adminCookie(token, maxAge, secure) };
  }

  async whoAmI(cookieHeader: string | undefined, secure: boolean, requestId?: string): Promise<ConsoleAnswer> {
    const token = adminTokenOf(cookieHeader);
    if (!token) throw notSignedIn();
    const res = await this.upstreams.call('auth', { method: 'GET', path: '/admin/session', token, requestId });
    if (res.status === 401) return errorAnswer(notSignedIn(), clearedAdminCookie(secure));
    if (res.status !== 200) return passThrough(res);
    const who = WhoAmI.safeParse(json(res));
    if (!who.success) throw badAnswer();
    return { status: 200, body: who.data };
  }

  /** Ends the session at auth and clears the cookie (also when auth says it had already ended). */
  async signOut(cookieHeader: string | undefined, secure: boolean, requestId?: string): Promise<ConsoleAnswer> {
    const cleared = clearedAdminCookie(secure);
    const token = adminTokenOf(cookieHeader);
    if (!token) return { status: 204, cookie: cleared };
    const res = await this.upstreams.call('auth', { method: 'DELETE', path: '/admin/session', token, requestId });
    if (res.status < 300 || res.status === 401) return { status: 204, cookie: cleared };
    return passThrough(res, cleared);
  }
}
