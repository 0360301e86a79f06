import { Controller } from '@nestjs/common';
import type { HandledRequestOf, TenantGetReply } from '@tollgate/contracts';
import { BusRequest, Responds } from '@tollgate/messaging';
import { TenantsService } from './tenants.service';

/** auth.tenants.get.v1 (queue group `auth`): billing checks a payment's tenant exists. */
@Controller()
export class TenantsResponder {
  constructor(private readonly tenants: TenantsService) {}

  @Responds('tenantGet')
  handle(@BusRequest('tenantGet') req: HandledRequestOf<'tenantGet'>): Promise<TenantGetReply> {
    return this.tenants.lookup(req.tenantId);
  }
}
