import { Injectable } from '@nestjs/common';
import { MeKeysReply, MeKeysRequest } from '@tollgate/contracts';
import { Bus, BusError } from '@tollgate/messaging';
import { GatewayError, GatewayErrorCode, GatewayErrors } from '../errors/gateway.error';
import { actorOf, MeCaller } from './me-caller';
import { parseBody } from './parse-body';
import {
  CreateKeyBody,
  PublicCreatedKey,
  PublicKey,
  PublicKeyList,
  RotateKeyBody,
  toBudgetPatch,
  toKeySpec,
  toPublicCreatedKey,
  toPublicKeyList,
  toPublicRevokedKey,
  UpdateKeyBody,
} from './me-keys.mapper';

type Op = MeKeysRequest extends infer R ? (R extends { op: infer O } ? Omit<Extract<MeKeysRequest, { op: O }>, 'actor'> : never) : never;

const ERROR_CODES = {
  not_found: 'not_found',
  invalid_request: 'invalid_request',
  forbidden: 'missing_scope',
  not_manageable: 'key_not_manageable',
  conflict: 'conflict',
} as const satisfies Record<Extract<MeKeysReply, { ok: false }>['code'], GatewayErrorCode>;

/** Forwards /me/keys to auth (which owns keys) with the caller as the actor; answers in the public (snake_case) shape. */
@Injectable()
export class MeKeysService {
  constructor(private readonly bus: Bus) {}

  async list(caller: MeCaller): Promise<PublicKeyList> {
    return toPublicKeyList(await this.run(caller, { op: 'list' }));
  }

  async create(caller: MeCaller, body: unknown): Promise<PublicCreatedKey> {
    const spec = parseBody(CreateKeyBody, body);
    return toPublicCreatedKey(await this.run(caller, { op: 'create', spec: toKeySpec(spec) }));
  }

  /** A new label and/or budget; auth keeps a budget within the caller's own and the organization's. */
  async update(caller: MeCaller, keyId: string, body: unknown): Promise<PublicKey> {
    const update = parseBody(UpdateKeyBody, body);
    const budget = toBudgetPatch(update);
    let result = update.label !== undefined ? await this.run(caller, { op: 'rename', keyId, label: update.label }) : null;
    if (budget) result = await this.run(caller, { op: 'budget', keyId, budget });
    return toPublicRevokedKey(result);
  }

  async rotate(caller: MeCaller, keyId: string, body: unknown): Promise<PublicCreatedKey> {
    const { grace_period_seconds } = parseBody(RotateKeyBody, body ?? {});
    return toPublicCreatedKey(await this.run(caller, { op: 'rotate', keyId, gracePeriodSeconds: grace_period_seconds }));
  }

  async revoke(caller: MeCaller, keyId: string): Promise<PublicKey> {
    return toPublicRevokedKey(await this.run(caller, { op: 'revoke', keyId }));
  }

  async remove(caller: MeCaller, keyId: string): Promise<void> {
    await this.run(caller, { op: 'delete', keyId });
  }

  private async run(caller: MeCaller, op: Op): Promise<unknown> {
    let res;
    try {
      res = await this.bus.request('meKeys', { ...op, actor: actorOf(caller) } as MeKeysRequest, 5000);
    } catch (err) {
      if (err instanceof BusError) throw GatewayErrors.authUnavailable();
      throw err;
    }
    if (res.ok) return res.result;
    throw new GatewayError({ code: ERROR_CODES[res.code], message: res.message, param: res.param });
  }
}
