import { Injectable } from '@nestjs/common';
import type { BillingProfile as Row } from '../generated/prisma/client';
import { PrismaService } from '../infra/prisma.service';
import type { TenantId } from '@tollgate/contracts';

export interface ProfileFields {
  legalName: string | null;
  address: string | null;
  taxId: string | null;
  email: string | null;
}

/** Customers' billing details, one row per tenant; every method takes the tenant id. */
@Injectable()
export class BillingProfilesRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(tenantId: TenantId): Promise<Row | null> {
    return this.prisma.billingProfile.findUnique({ where: { tenantId } });
  }

  /** Replaces the tenant's details (creating the row the first time). */
  save(tenantId: TenantId, fields: ProfileFields, actor: string): Promise<Row> {
    const data = { ...fields, updatedBy: actor, updatedAt: new Date() };
    return this.prisma.billingProfile.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
  }
}
