import { Injectable, Logger } from '@nestjs/common';
import { Bus } from '@tollgate/messaging';
import { BillingError } from '../errors/billing.error';
import { PrismaService } from '../infra/prisma.service';
import { tenantAccount } from './ledger.repository';
import type { TenantId } from '@tollgate/contracts';

/**
 * Whether a tenant exists, before money is booked to it (a payment, an admin credit, a payment
 * assigned by an admin, a promotion). Auth owns tenants: billing asks it over auth.tenants.get.v1
 * unless it already has an account for the tenant. If auth cannot answer, the caller gets 503
 * (a webhook's provider retries it); money never goes to a tenant nobody vouched for.
 */
@Injectable()
export class TenantDirectory {
  private readonly logger = new Logger('TenantDirectory');

  constructor(
    private readonly prisma: PrismaService,
    private readonly bus: Bus,
  ) {}

  async exists(tenantId: TenantId): Promise<boolean> {
    if ((await this.prisma.account.count({ where: { code: tenantAccount(tenantId) } })) > 0) return true;
    try {
      return (await this.bus.request('tenantGet', { tenantId }, 2000)).found;
    } catch (err) {
      this.logger.warn({ tenantId, err: (err as Error).message }, 'auth did not answer a tenant lookup');
      throw new BillingError('unavailable', 'The tenant directory is temporarily unavailable; retry later.');
    }
  }

  /** exists(), or a 404 naming the tenant (auth's own wording for an unknown tenant). */
  async mustExist(tenantId: TenantId): Promise<void> {
    if (!(await this.exists(tenantId))) throw new BillingError('not_found', `Tenant ${tenantId} not found.`);
  }
}
