import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'nats';
import type { TenantGetReply } from '@tollgate/contracts';
import { asTenantId } from '@tollgate/contracts';
import { Bus } from '@tollgate/messaging';
import { AuthError } from '../errors/auth.error';
import { TenantsService } from './tenants.service';

/** NATS responder for auth.tenants.get.v1 (queue group `auth`): billing checks a payment's tenant exists. */
@Injectable()
export class TenantsResponder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TenantsResponder');
  private sub?: Subscription;

  constructor(
    private readonly bus: Bus,
    private readonly tenants: TenantsService,
  ) {}

  onApplicationBootstrap(): void {
    this.sub = this.bus.respond('tenantGet', 'auth', (req) => this.get(req.tenantId), (err) => this.logger.error({ err }, 'tenant lookup failed'));
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }

  private async get(tenantId: string): Promise<TenantGetReply> {
    try {
      const t = await this.tenants.get(asTenantId(tenantId));
      return { found: true, tenantId: t.id, name: t.name };
    } catch (err) {
      if (err instanceof AuthError && err.code === 'tenant_not_found') return { found: false };
      throw err;
    }
  }
}
