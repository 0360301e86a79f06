import { Injectable } from '@nestjs/common';
import type { WebhookEndpoint } from '../generated/prisma/client';
import { PrismaService } from '../infra/prisma.service';
import type { TenantId } from '@tollgate/contracts';

export type EndpointRow = WebhookEndpoint;

export interface NewEndpoint {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  secretSealed: string;
  actor: string;
}

export interface EndpointChange {
  url?: string;
  description?: string | null;
  eventTypes?: string[];
  enabled?: boolean;
  secretSealed?: string;
  secretRotatedAt?: Date;
}

/** A tenant's webhook endpoints and alert settings. Every method takes the tenant id. */
@Injectable()
export class EndpointsRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(tenantId: TenantId): Promise<EndpointRow[]> {
    return this.prisma.webhookEndpoint.findMany({ where: { tenantId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  find(tenantId: TenantId, id: string): Promise<EndpointRow | null> {
    return this.prisma.webhookEndpoint.findFirst({ where: { id, tenantId } });
  }

  count(tenantId: TenantId): Promise<number> {
    return this.prisma.webhookEndpoint.count({ where: { tenantId } });
  }

  create(tenantId: TenantId, e: NewEndpoint): Promise<EndpointRow> {
    const { actor, ...fields } = e;
    return this.prisma.webhookEndpoint.create({ data: { ...fields, tenantId, createdBy: actor, updatedBy: actor } });
  }

  /** Null when the tenant has no such endpoint. */
  async update(tenantId: TenantId, id: string, actor: string, change: EndpointChange): Promise<EndpointRow | null> {
    const { count } = await this.prisma.webhookEndpoint.updateMany({ where: { id, tenantId }, data: { ...change, updatedBy: actor, updatedAt: new Date() } });
    return count ? this.find(tenantId, id) : null;
  }

  /** Deletes the endpoint and its delivery log; false when the tenant has no such endpoint. */
  async remove(tenantId: TenantId, id: string): Promise<boolean> {
    const { count } = await this.prisma.webhookEndpoint.deleteMany({ where: { id, tenantId } });
    return count === 1;
  }

  async threshold(tenantId: TenantId): Promise<bigint | null> {
    const row = await this.prisma.alertSetting.findUnique({ where: { tenantId }, select: { balanceLowThresholdMicros: true } });
    return row?.balanceLowThresholdMicros ?? null;
  }

  /** Sets (or clears) the balance-low threshold and arms it: a balance already below it alerts at its next change. */
  async setThreshold(tenantId: TenantId, actor: string, micros: bigint | null): Promise<void> {
    const data = { balanceLowThresholdMicros: micros, balanceLowArmed: true, updatedBy: actor, updatedAt: new Date() };
    await this.prisma.alertSetting.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
  }
}
