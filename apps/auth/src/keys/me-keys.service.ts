import { Injectable } from '@nestjs/common';
import type { MeKeysReply, MeKeysRequest, MeKeySpec } from '@tollgate/contracts';
import { SCOPES } from '@tollgate/contracts';
import { AuthError } from '../errors/auth.error';
import { KeysService } from './keys.service';

type Actor = MeKeysRequest['actor'];

/**
 * Self-service keys (`/me/keys` on the gateway, a key with `keys:manage`): the admin rules,
 * confined to the caller's tenant, and never granting a scope or model the caller lacks.
 */
@Injectable()
export class MeKeysService {
  constructor(private readonly keys: KeysService) {}

  async handle(req: MeKeysRequest): Promise<MeKeysReply> {
    try {
      return { ok: true, result: await this.run(req) };
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      const code = err.code === 'tenant_not_found' || err.code === 'key_not_found' ? 'not_found' : err.code === 'scope_escalation' ? 'forbidden' : 'invalid_request';
      return { ok: false, code, message: err.message, param: err.param ?? null };
    }
  }

  private async run(req: MeKeysRequest): Promise<unknown> {
    const actor = `key:${req.actor.keyId}`;
    switch (req.op) {
      case 'list':
        return { data: await this.keys.list(req.actor.tenantId) };
      case 'create':
        return this.keys.create(req.actor.tenantId, narrowed(req.actor, req.spec), actor);
      case 'rotate':
        return this.keys.rotate(req.keyId, req.gracePeriodSeconds ?? 0, actor, req.actor.tenantId);
      case 'revoke':
        return this.keys.revoke(req.keyId, actor, req.actor.tenantId);
    }
  }
}

/** The spec with the caller's limits applied: scopes and models are subsets of the caller's own. */
function narrowed(actor: Actor, spec: MeKeySpec): MeKeySpec {
  const unknown = (spec.scopes ?? []).find((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown) throw new AuthError('invalid_request', `Unknown scope '${unknown}'.`, 'scopes');
  const scopes = spec.scopes ?? actor.scopes;
  const extra = scopes.find((s) => !actor.scopes.includes(s));
  if (extra) throw new AuthError('scope_escalation', `This API key cannot grant the '${extra}' scope, which it does not have.`, 'scopes');
  let models = spec.models;
  if (actor.models.length) {
    models = models && models.length ? models : actor.models;
    const outside = models.find((m) => !actor.models.includes(m));
    if (outside) throw new AuthError('scope_escalation', `This API key cannot grant the model '${outside}', which it may not use.`, 'models');
  }
  return { ...spec, scopes, models };
}
