import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../infra/prisma.service';
import type { TenantId } from '@tollgate/contracts';

/**
 * Deletes request logs (usage records), never ledger rows: the append-only triggers still refuse
 * UPDATE on usage records and any UPDATE or DELETE on the ledger and prices.
 */
@Injectable()
export class RequestLogRetentionRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Deletes up to `limit` of the tenant's oldest records that happened before `before` (all of them
   * when null), in one short statement; rows another deleter holds are skipped, not waited for.
   * Returns how many went.
   */
  deleteBatch(tenantId: TenantId, before: Date | null, limit: number): Promise<number> {
    const until = before ? Prisma.sql`AND occurred_at < ${before}` : Prisma.empty;
    return this.prisma.$executeRaw`
      DELETE FROM billing.usage_records WHERE request_id IN (
        SELECT request_id FROM billing.usage_records
         WHERE tenant_id = ${tenantId}::uuid ${until}
         ORDER BY occurred_at LIMIT ${limit}
         FOR UPDATE SKIP LOCKED)`;
  }
}
