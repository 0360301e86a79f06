import { Injectable, Logger } from '@nestjs/common';
import { Bus } from '@tollgate/messaging';
import { BillingError } from '../errors/billing.error';
import { PaymentsRepository } from './payments.repository';
import type { TenantId } from '@tollgate/contracts';

/**
 * Whether a payment's tenant exists. Auth owns tenants: billing asks it over auth.tenants.get.v1
 * unless it already has an account for the tenant. If auth cannot answer, the webhook gets 503
 * and the provider retries it; a payment is never credited to a tenant nobody vouched for.
 */
@Injectable()
export class TenantDirectory {
  private readonly logger = new Logger('TenantDirectory');

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly bus: Bus,
  ) {}

  async exists(tenantId: TenantId): Promise<boolean> {
    if (await this.payments.hasAccount(tenantId)) return true;
    try {
      return (await this.bus.request('tenantGet', { tenantId }, 2000)).found;
    } catch (err) {
      this.logger.warn({ tenantId, err: (err as Error).message }, 'auth did not answer a tenant lookup');
      throw new BillingError('unavailable', 'The tenant directory is temporarily unavailable; retry later.');
    }
  }
}
