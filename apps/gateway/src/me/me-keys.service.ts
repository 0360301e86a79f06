import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { MeKeySpec, MeKeysReply, MeKeysRequest, Principal } from '@tollgate/contracts';
import { Bus, BusError } from '@tollgate/messaging';
import { EdgeGate } from '../edge/edge-gate.service';
import { GatewayError, GatewayErrorCode } from '../errors/gateway.error';
import { requireScope } from '../proxy/access';

type Op = MeKeysRequest extends infer R ? (R extends { op: infer O } ? Omit<Extract<MeKeysRequest, { op: O }>, 'actor'> : never) : never;

const ERROR_CODES = {
  not_found: 'not_found',
  invalid_request: 'invalid_request',
  forbidden: 'missing_scope',
  not_manageable: 'key_not_manageable',
  conflict: 'conflict',
} as const satisfies Record<Extract<MeKeysReply, { ok: false }>['code'], GatewayErrorCode>;

const RotateBody = z.object({ gracePeriodSeconds: z.number().int().min(0).max(2592000).optional() }).strict();

/** Forwards /me/keys to auth (which owns keys) with the calling key as the actor. */
@Injectable()
export class MeKeysService {
  constructor(
    private readonly bus: Bus,
    private readonly gate: EdgeGate,
  ) {}

  create(p: Principal, requestId: string, reply: FastifyReply, body: unknown): Promise<unknown> {
    const spec = MeKeySpec.safeParse(body);
    if (!spec.success) return this.reject(p, requestId, reply, spec.error.issues[0]);
    return this.run(p, requestId, reply, { op: 'create', spec: spec.data });
  }

  rotate(p: Principal, requestId: string, reply: FastifyReply, keyId: string, body: unknown): Promise<unknown> {
    const parsed = RotateBody.safeParse(body ?? {});
    if (!parsed.success) return this.reject(p, requestId, reply, parsed.error.issues[0]);
    return this.run(p, requestId, reply, { op: 'rotate', keyId, gracePeriodSeconds: parsed.data.gracePeriodSeconds });
  }

  async run(p: Principal, requestId: string, reply: FastifyReply, op: Op): Promise<unknown> {
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
    const param = issue.path.length ? issue.path.join('.') : null;
    throw new GatewayError('invalid_request', `Invalid '${param ?? 'body'}': ${issue.message}`, param);
  }

  private async admit(p: Principal, requestId: string, reply: FastifyReply): Promise<void> {
    reply.headers((await this.gate.admit(p, requestId, { holdMicros: 0, tokens: 0 })).headers);
    requireScope(p, 'keys:manage');
  }
}
