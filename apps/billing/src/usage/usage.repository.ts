import { Injectable } from '@nestjs/common';
import type { TenantId, RequestLogsQuery, UsageRecorded } from '@tollgate/contracts';
import { PrismaService, Tx } from '../infra/prisma.service';
import type { Prisma, UsageRecord } from '../generated/prisma/client';

export interface Parked {
  streamSeq: number | null;
  requestId: string | null;
  payload: Uint8Array;
  error: string;
  deliveries: number;
}

/** Usage records double as request logs; every read is scoped by tenant id. */
@Injectable()
export class UsageRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Inserts the request's record; false when that request id was already recorded (a redelivery). */
  async insert(tx: Tx, e: UsageRecorded, costMicros: bigint, priceId: string | null, recordedAt: Date): Promise<boolean> {
    const { count } = await tx.usageRecord.createMany({
      skipDuplicates: true,
      data: [
        {
          requestId: e.requestId,
          tenantId: e.tenantId,
          keyId: e.keyId,
          keyLabel: e.keyLabel,
          model: e.model,
          provider: e.provider,
          upstreamModel: e.upstreamModel,
          promptTokens: e.promptTokens,
          completionTokens: e.completionTokens,
          cachedTokens: e.cachedTokens,
          status: e.status,
          latencyMs: e.latencyMs,
          ttftMs: e.ttftMs,
          estimated: e.estimated,
          stream: e.stream,
          costMicros,
          gatewayCostMicros: BigInt(e.costMicros),
          priceId,
          occurredAt: new Date(e.occurredAt),
          createdAt: recordedAt,
        },
      ],
    });
    return count === 1;
  }

  /** Which of these requests the tenant already has a record or a usage debit of (a record may have been deleted since). */
  async existing(tenantId: TenantId, requestIds: readonly string[]): Promise<string[]> {
    const ids = [...requestIds];
    const rows = await this.prisma.usageRecord.findMany({ where: { tenantId, requestId: { in: ids } }, select: { requestId: true } });
    const debited = await this.prisma.ledgerTransaction.findMany({ where: { tenantId, requestId: { in: ids } }, select: { requestId: true } });
    return [...new Set([...rows.map((r) => r.requestId), ...debited.flatMap((d) => (d.requestId === null ? [] : [d.requestId]))])];
  }

  async park(p: Parked): Promise<void> {
    await this.prisma.parkedUsage.create({
      data: {
        streamSeq: p.streamSeq === null ? null : BigInt(p.streamSeq),
        requestId: p.requestId,
        payload: Buffer.from(p.payload),
        error: p.error.slice(0, 2000),
        deliveries: p.deliveries,
      },
    });
  }

  /** Events parked so far (an operator's figure, across tenants: /metrics, never a customer). */
  parkedCount(): Promise<number> {
    return this.prisma.parkedUsage.count();
  }

  /** One page, newest first, by insertion sequence: later inserts never shift a page already handed out. */
  logs(tenantId: TenantId, q: Omit<RequestLogsQuery, 'tenantId' | 'format'>, beforeSeq: bigint | null): Promise<UsageRecord[]> {
    const occurredAt: Prisma.DateTimeFilter = {};
    if (q.from) occurredAt.gte = new Date(q.from);
    if (q.to) occurredAt.lt = new Date(q.to);
    return this.prisma.usageRecord.findMany({
      where: {
        tenantId,
        ...(q.from || q.to ? { occurredAt } : {}),
        ...(q.keyId ? { keyId: q.keyId } : {}),
        ...(q.model ? { model: q.model } : {}),
        ...(q.status !== undefined ? { status: q.status } : {}),
        ...(beforeSeq !== null ? { seq: { lt: beforeSeq } } : {}),
      },
      orderBy: { seq: 'desc' },
      take: q.limit + 1,
    });
  }
}
