import { Injectable } from '@nestjs/common';
import { BillingProfile, MeBillingProfileBody } from '@tollgate/contracts';
import { BillingClient } from './billing-client';
import type { MeCaller } from './me-caller';
import { parseBody } from './parse-body';

/** GET/PUT /me/billing/profile on the wire (snake_case). */
export interface PublicBillingProfile {
  legal_name: string | null;
  address: string | null;
  tax_id: string | null;
  email: string | null;
  updated_at: string | null;
}

const toPublic = (p: BillingProfile): PublicBillingProfile => ({
  legal_name: p.legalName,
  address: p.address,
  tax_id: p.taxId,
  email: p.email,
  updated_at: p.updatedAt,
});

/** Who changed the details, as billing records it. */
const actorOf = (caller: MeCaller): string => (caller.kind === 'session' ? `user:${caller.user.id}` : `key:${caller.principal.keyId}`);

/** The customer's billing details, printed on their statements and invoices; billing stores them. */
@Injectable()
export class MeBillingProfileService {
  constructor(private readonly billing: BillingClient) {}

  async get(caller: MeCaller): Promise<PublicBillingProfile> {
    return toPublic(await this.billing.ask('billingProfileGet', { tenantId: caller.tenantId }));
  }

  async put(caller: MeCaller, body: unknown): Promise<PublicBillingProfile> {
    const b = parseBody(MeBillingProfileBody, body);
    const saved = await this.billing.ask('billingProfilePut', {
      tenantId: caller.tenantId,
      actor: actorOf(caller),
      legalName: b.legal_name,
      address: b.address,
      taxId: b.tax_id,
      email: b.email,
    });
    return toPublic(saved);
  }
}
