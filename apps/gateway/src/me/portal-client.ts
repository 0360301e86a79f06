import { Injectable } from '@nestjs/common';
import type { ReplyOf, RequestOf, RequestSubject } from '@tollgate/contracts';
import { Bus, BusError } from '@tollgate/messaging';
import { GatewayErrors } from '../errors/gateway.error';

type PortalSubject = Extract<RequestSubject, 'sessionsCreate' | 'sessionsVerify' | 'sessionsRevoke' | 'invitesAccept'>;

/** The gateway's side of auth's portal subjects: a failed or slow auth is a 503, never a sign-in. */
@Injectable()
export class PortalClient {
  constructor(private readonly bus: Bus) {}

  async ask<K extends PortalSubject>(name: K, payload: RequestOf<K>): Promise<ReplyOf<K>> {
    try {
      return await this.bus.request(name, payload, 5000);
    } catch (err) {
      if (err instanceof BusError) throw GatewayErrors.authUnavailable();
      throw err;
    }
  }
}
