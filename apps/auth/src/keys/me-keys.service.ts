import { Injectable } from '@nestjs/common';
import { HandledRequestOf, MeKeysReply, PortalRole, ROLE_SCOPES, scopesOf } from '@tollgate/contracts';

/** auth.me.keys.v1 as it arrives, parsed (the actor's tenant id a TenantId). */
type MeKeysRequest = HandledRequestOf<'meKeys'>;
import { PortalUsersRepository } from '../portal/portal-users.repository';
import { AuthError, AuthErrorCode } from '../errors/auth.error';
import { authReply } from '../errors/auth-reply';
import { KeyBounds, narrowSpec } from './key-bounds';
import { KeysService } from './keys.service';

type ReplyCode = Extract<MeKeysReply, { ok: false }>['code'];

function replyCode(code: AuthErrorCode): ReplyCode {
  switch (code) {
    case 'tenant_not_found':
    case 'key_not_found':
    case 'user_not_found':
    case 'session_not_found':
      return 'not_found';
    case 'scope_escalation':
      return 'forbidden';
    case 'key_not_manageable':
    case 'not_permitted':
      return 'not_manageable';
    case 'key_already_revoked':
    case 'key_already_rotated':
      return 'conflict';
    case 'invalid_request':
    case 'weak_password':
      return 'invalid_request';
    case 'email_taken':
    case 'last_owner':
      return 'conflict';
  }
}

/**
 * Self-service keys (`/me/keys` on the gateway: a key with `keys:manage`, or a portal user whose
 * role has it): the admin rules, confined to the caller's tenant and to what the caller could
 * itself have created: no scope, model, expiry or rate limit wider than its own.
 */
@Injectable()
export class MeKeysService {
  constructor(
    private readonly keys: KeysService,
    private readonly users: PortalUsersRepository,
  ) {}

  async handle(req: MeKeysRequest): Promise<MeKeysReply> {
    return authReply(() => this.run(req), replyCode);
  }

  private async run(req: MeKeysRequest): Promise<unknown> {
    const { actor, caller } = await this.callerOf(req.actor);
    const tenantId = req.actor.tenantId;
    const within = { tenantId, caller };
    switch (req.op) {
      case 'list':
        return { data: await this.keys.list(tenantId) };
      case 'create':
        return this.keys.create(tenantId, narrowSpec(caller, req.spec), actor);
      case 'rotate':
        return this.keys.rotate(req.keyId, req.gracePeriodSeconds ?? 0, actor, within);
      case 'revoke':
        return this.keys.revoke(req.keyId, actor, within);
      case 'rename':
        return this.keys.rename(req.keyId, req.label, actor, within);
      case 'delete':
        await this.keys.delete(req.keyId, actor, within);
        return { deleted: true };
      case 'budget':
        return this.keys.setBudget(req.keyId, req.budget, actor, within, 'budget_micros');
    }
  }

  /** The caller's bounds as they are now (its own key row, or its user's current role), not as the gateway cached them. */
  private async callerOf(who: MeKeysRequest['actor']): Promise<{ actor: string; caller: KeyBounds }> {
    if ('keyId' in who) return { actor: `key:${who.keyId}`, caller: await this.keys.caller(who.tenantId, who.keyId) };
    const user = await this.users.findActing(who.tenantId, who.userId);
    if (!user) throw new AuthError('key_not_manageable', 'This portal user no longer exists.');
    const scopes = scopesOf(ROLE_SCOPES[user.role]);
    return { actor: `user:${user.id}`, caller: { scopes, models: [], providers: [], expiresAt: null, rpmLimit: null, tpmLimit: null } };
  }
}
