import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service';

/**
 * Deletes finished webhook deliveries and the alert events nothing references any more, a bounded
 * batch per statement. Spans tenants, like the delivery worker's claim: retention is by age alone.
 */
@Injectable()
export class AlertRetentionRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Deletes up to `limit` of the oldest deliveries created before `before` that are finished (delivered
   * or failed) and held by no worker (locked_until passed, and rows a claim has locked are skipped, not
   * waited for). A pending delivery is never touched. Returns how many went.
   */
  deleteFinishedDeliveries(before: Date, limit: number): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM billing.webhook_deliveries WHERE id IN (
        SELECT id FROM billing.webhook_deliveries
         WHERE created_at < ${before} AND status IN ('delivered', 'failed')
           AND (locked_until IS NULL OR locked_until <= now())
         ORDER BY created_at LIMIT ${limit}
         FOR UPDATE SKIP LOCKED)`;
  }

  /**
   * Deletes up to `limit` of the oldest alert events recorded before `before` that no delivery
   * references (so a pending delivery always keeps its alert; deliveries are only ever queued with a
   * new alert, in its transaction). A `key.expiring` alert stays until the key's expiry has passed:
   * auth publishes it again while the key is live, and only its event here keeps that from being
   * delivered twice. Returns how many went.
   */
  deleteUnreferencedAlerts(before: Date, limit: number): Promise<number> {
    const now = new Date().toISOString();
    return this.prisma.$executeRaw`
      DELETE FROM billing.alert_events WHERE id IN (
        SELECT a.id FROM billing.alert_events a
         WHERE a.created_at < ${before}
           AND NOT EXISTS (SELECT 1 FROM billing.webhook_deliveries d WHERE d.alert_id = a.id)
           AND (a.type <> 'key.expiring' OR a.data->>'expiresAt' < ${now})
         ORDER BY a.created_at LIMIT ${limit}
         FOR UPDATE SKIP LOCKED)`;
  }
}
