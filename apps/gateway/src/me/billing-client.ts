import { Injectable } from '@nestjs/common';
import type { ReplyOf, RequestOf, RequestSubject } from '@tollgate/contracts';
import { Bus, BusError } from '@tollgate/messaging';
import { GatewayErrors } from '../errors/gateway.error';

const TIMEOUT_MS = 10_000;

/** Asks billing (which owns ledger, logs and invoices) over NATS; unavailable or failing billing is a 503. */
@Injectable()
export class BillingClient {
  constructor(private readonly bus: Bus) {}

  async ask<K extends RequestSubject>(subject: K, payload: RequestOf<K>): Promise<ReplyOf<K>> {
    try {
      return await this.bus.request(subject, payload, TIMEOUT_MS);
    } catch (err) {
      if (err instanceof BusError && err.code === 'reply_too_large') {
        throw GatewayErrors.billingUnavailable(
          'Billing could not send its answer: it is larger than the message bus allows. Ask for less (a smaller limit or a narrower range).',
        );
      }
      if (err instanceof BusError) throw GatewayErrors.billingUnavailable();
      throw err;
    }
  }
}
