import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { MeKeysReply, MeKeysRequest, Principal } from '@tollgate/contracts';
import { Bus, BusError } from '@tollgate/messaging';
import { EdgeGate } from '../edge/edge-gate.service';
import { GatewayError, GatewayErrorCode } from '../errors/gateway.error';
import { requireScope } from '../proxy/access';
import {
  CreateKeyBody,
  PublicCreatedKey,
  PublicKey,
  PublicKeyList,
  RotateKeyBody,
  toKeySpec,
  toPublicCreatedKey,
  toPublicKeyList,
  toPublicRevokedKey,
} from './me-keys.mapper';

type Op = MeKeysRequest extends infer R ? (R extends { op: infer O } ? Omit<Extract<MeKeysRequest, { op: O }>, 'actor'> : never) : never;

const ERROR_CODES = {
  not_found: 'not_found',
  invalid_request: 'invalid_request',
  forbidden: 'missing_scope',
  not_manageable: 'key_not_manageable',
  conflict: 'conflict',
} as const satisfies Record<Extract<MeKeysReply, { ok: false }>['code'], GatewayErrorCode>;

/** Forwards /me/keys to auth (which owns keys) with the calling key as the actor; answers in the public (snake_case) shape. */
@Injectable()
export class MeKeysService {
  constructor(
    private readonly bus: Bus,
    private readonly gate: EdgeGate,
  ) {}

  async list(p: Principal, requestId: string, reply: FastifyReply): Promise<PublicKeyList> {
    return toPublicKeyList(await this.run(p, requestId, reply, { op: 'list' }));
  }

  async create(p: Principal, requestId: string, reply: FastifyReply, body: unknown): Promise<PublicCreatedKey> {
    const parsed = CreateKeyBody.safeParse(body);
    if (!parsed.success) return this.reject(p, requestId, reply, parsed.error.issues[0]);
    return toPublicCreatedKey(await this.run(p, requestId, reply, { op: 'create', spec: toKeySpec(parsed.data) }));
  }

  async rotate(p: Principal, requestId: string, reply: FastifyReply, keyId: string, body: unknown): Promise<PublicCreatedKey> {
    const parsed = RotateKeyBody.safeParse(body ?? {});
    if (!parsed.success) return this.reject(p, requestId, reply, parsed.error.issues[0]);
    return toPublicCreatedKey(await this.run(p, requestId, reply, { op: 'rotate', keyId, gracePeriodSeconds: parsed.data.grace_period_seconds }));
  }

  async revoke(p: Principal, requestId: string, reply: FastifyReply, keyId: string): Promise<PublicKey> {
    return toPublicRevokedKey(await this.run(p, requestId, reply, { op: 'revoke', keyId }));
  }

  private async run(p: Principal, requestId: string, reply: FastifyReply, op: Op): Promise<unknown> {
    await this.admit(p, requestId, reply);
    const actor = { tenantId: p.tenantId, keyId: p.keyId, scopes: p.scopes, models: p.models };
    let res;
    try {
      res = await this.bus.request('meKeys', { ...op, actor } as MeKeysRequest, 5000);
    } catch (err) {
      if (err instanceof BusError) throw new GatewayError('auth_unavailable', 'The authentication service is temporarily unavailable. Please retry shortly.');
      throw err;
    }
    if (res.ok) return res.result;
    throw new GatewayError(ERROR_CODES[res.code], res.message, res.param);
  }

  private async reject(p: Principal, requestId: string, reply: FastifyReply, issue: z.core.$ZodIssue): Promise<never> {
    await this.admit(p, requestId, reply);
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
    const param = path.length ? path.join('.') : null;
    const message = issue.code === 'unrecognized_keys' ? 'unknown field (fields are snake_case)' : issue.message;
    throw new GatewayError('invalid_request', `Invalid '${param ?? 'body'}': ${message}`, param);
  }

  private async admit(p: Principal, requestId: string, reply: FastifyReply): Promise<void> {
    reply.headers((await this.gate.admit(p, requestId, { holdMicros: 0, tokens: 0 })).headers);
    requireScope(p, 'keys:manage');
  }
}
