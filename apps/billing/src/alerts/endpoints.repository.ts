import { Injectable } from '@nestjs/common';
import type { WebhookEndpoint } from '../generated/prisma/client';
import { PrismaService } from '../infra/prisma.service';

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

  list(tenantId: string): Promise<EndpointRow[]> {
    return this.prisma.webhookEndpoint.findMany({ where: { tenantId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  find(tenantId: string, id: string): Promise<EndpointRow | null> {
    return this.prisma.webhookEndpoint.findFirst({ where: { id, tenantId } });
  }

  count(tenantId: string): Promise<number> {
    return this.prisma.webhookEndpoint.count({ where: { tenantId } });
  }

  create(tenantId: string, e: NewEndpoint): Promise<EndpointRow> {
    const { actor, ...fields } = e;
    return this.prisma.webhookEndpoint.create({ data: { ...fields, tenantId, createdBy: actor, updatedBy: actor } });
  }

  /** Null when the tenant has no such endpoint. */
  async update(tenantId: string, id: string, actor: string, change: EndpointChange): Promise<EndpointRow | null> {
    const { count } = await this.prisma.webhookEndpoint.updateMany({ where: { id, tenantId }, data: { ...change, updatedBy: actor, updatedAt: new Date() } });
    return count ? this.find(tenantId, id) : null;
  }

  /** Deletes the endpoint and its delivery log; false when the tenant has no such endpoint. */
  async remove(tenantId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.webhookEndpoint.deleteMany({ where: { id, tenantId } });
    return count === 1;
  }

  async threshold(tenantId: string): Promise<bigint | null> {
    const row = await this.prisma.alertSetting.findUnique({ where: { tenantId }, select: { balanceLowThresholdMicros: true } });
    return row?.balanceLowThresholdMicros ?? null;
  }

  /** Sets (or clears) the balance-low threshold and arms it: a balance already below it alerts at its next change. */
  async setThreshold(tenantId: string, actor: string, micros: bigint | null): Promise<void> {
    const data = { balanceLowThresholdMicros: micros, balanceLowArmed: true, updatedBy: actor, updatedAt: new Date() };
    await this.prisma.alertSetting.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
  }
}
