import { Injectable } from '@nestjs/common';
import type { TenantId, AlertRaised } from '@tollgate/contracts';
import type { WebhookDelivery } from '../generated/prisma/client';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../infra/prisma.service';

export type DeliveryRow = WebhookDelivery;

/** A due delivery claimed by this replica, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  tenantId: string;
  type: string;
  data: unknown;
  occurredAt: Date;
  createdAt: Date;
  /** Attempts so far, this one included. */
  attempts: number;
  url: string;
  secretSealed: string;
}

export interface AttemptOutcome {
  status: 'pending' | 'delivered' | 'failed';
  nextAttemptAt: Date | null;
  statusCode: number | null;
  error: string | null;
}

/** The delivery outbox. Reads and test events take the tenant id; the worker's claim spans tenants. */
@Injectable()
export class DeliveriesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Records the alert once per (tenant, dedupe key) and queues a delivery per subscribed endpoint; false for a repeat. */
  async raise(a: AlertRaised): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<{ fresh: boolean }[]>`
      SELECT billing.billing_raise_alert(${a.tenantId}::uuid, ${a.type}, ${a.dedupeKey}, ${JSON.stringify(a.data)}::jsonb, ${new Date(a.occurredAt)}) AS fresh`;
    return rows[0]?.fresh === true;
  }

  /**
   * Claims up to `limit` due deliveries of enabled endpoints, and test events to any (FOR UPDATE SKIP LOCKED: replicas never
   * take the same one), counts the attempt and holds the row for `leaseMs` (taken again only if this
   * replica dies mid-attempt).
   */
  async claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const lease = `${leaseMs} milliseconds`;
    return this.prisma.$queryRaw<ClaimedDelivery[]>`
      WITH due AS (
        SELECT d.id FROM billing.webhook_deliveries d JOIN billing.webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND (e.enabled OR d.type = 'webhook.test')
        ORDER BY d.next_attempt_at LIMIT ${limit}
        FOR UPDATE OF d SKIP LOCKED
      )
      UPDATE billing.webhook_deliveries d
      SET attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + ${lease}::interval, locked_until = now() + ${lease}::interval
      FROM due, billing.webhook_endpoints e
      WHERE d.id = due.id AND e.id = d.endpoint_id
      RETURNING d.id::text AS id, d.tenant_id::text AS "tenantId", d.type, d.data, d.occurred_at AS "occurredAt", d.created_at AS "createdAt",
                d.attempts, e.url, e.secret_sealed AS "secretSealed"`;
  }

  /** Records how the claimed attempt went (only if the row is still at that attempt). */
  async finish(id: string, attempts: number, o: AttemptOutcome): Promise<void> {
    await this.prisma.webhookDelivery.updateMany({
      where: { id, attempts },
      data: {
        status: o.status,
        nextAttemptAt: o.nextAttemptAt,
        lockedUntil: null,
        lastStatusCode: o.statusCode,
        lastError: o.error,
        deliveredAt: o.status === 'delivered' ? new Date() : undefined,
      },
    });
  }

  list(tenantId: TenantId, endpointId: string, limit: number): Promise<DeliveryRow[]> {
    return this.prisma.webhookDelivery.findMany({ where: { tenantId, endpointId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
  }

  /** A `webhook.test` delivery for one endpoint of the tenant, due now. */
  test(tenantId: TenantId, endpointId: string, data: Record<string, string>): Promise<DeliveryRow> {
    const now = new Date();
    return this.prisma.webhookDelivery.create({
      data: { tenantId, endpointId, type: 'webhook.test', data: data as Prisma.InputJsonObject, occurredAt: now, nextAttemptAt: now },
    });
  }
}
