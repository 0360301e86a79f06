import { Injectable } from '@nestjs/common';
import type { MeKeysReply, MeKeysRequest } from '@tollgate/contracts';
import { AuthError, AuthErrorCode } from '../errors/auth.error';
import { narrowSpec } from './key-bounds';
import { KeysService } from './keys.service';

type ReplyCode = Extract<MeKeysReply, { ok: false }>['code'];

function replyCode(code: AuthErrorCode): ReplyCode {
  switch (code) {
    case 'tenant_not_found':
    case 'key_not_found':
      return 'not_found';
    case 'scope_escalation':
      return 'forbidden';
    case 'key_not_manageable':
      return 'not_manageable';
    case 'key_already_revoked':
    case 'key_already_rotated':
      return 'conflict';
    case 'invalid_request':
    case 'weak_password':
      return 'invalid_request';
    case 'email_taken':
      return 'conflict';
  }
}

/**
 * Self-service keys (`/me/keys` on the gateway, a key with `keys:manage`): the admin rules,
 * confined to the caller's tenant and to what the caller could itself have created: no scope,
 * model, expiry or rate limit wider than its own, whether it creates, rotates or revokes.
 */
@Injectable()
export class MeKeysService {
  constructor(private readonly keys: KeysService) {}

  async handle(req: MeKeysRequest): Promise<MeKeysReply> {
    try {
      return { ok: true, result: await this.run(req) };
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      return { ok: false, code: replyCode(err.code), message: err.message, param: err.param ?? null };
    }
  }

  private async run(req: MeKeysRequest): Promise<unknown> {
    const actor = `key:${req.actor.keyId}`;
    // The caller's own row, not what the gateway's cache says of it: bounds as they are now.
    const caller = await this.keys.caller(req.actor.tenantId, req.actor.keyId);
    const within = { tenantId: req.actor.tenantId, caller };
    switch (req.op) {
      case 'list':
        return { data: await this.keys.list(req.actor.tenantId) };
      case 'create':
        return this.keys.create(req.actor.tenantId, narrowSpec(caller, req.spec), actor);
      case 'rotate':
        return this.keys.rotate(req.keyId, req.gracePeriodSeconds ?? 0, actor, within);
      case 'revoke':
        return this.keys.revoke(req.keyId, actor, within);
    }
  }
}
