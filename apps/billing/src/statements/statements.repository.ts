import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service';
import { tenantAccount } from '../ledger/ledger.repository';

export interface MonthEntry {
  at: Date;
  kind: string;
  amountMicros: bigint;
  reference: string | null;
  reason: string | null;
}

export interface UsageDay {
  day: string;
  model: string;
  requests: bigint;
  promptTokens: bigint;
  completionTokens: bigint;
  cachedTokens: bigint;
  costMicros: bigint;
}

/** Statement figures straight from the ledger (tenant account entries) and usage records; all scoped by tenant. */
@Injectable()
export class StatementsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async balanceBefore(tenantId: string, at: Date): Promise<bigint> {
    const agg = await this.prisma.ledgerEntry.aggregate({ where: { accountCode: tenantAccount(tenantId), postedAt: { lt: at } }, _sum: { amountMicros: true } });
    return agg._sum.amountMicros ?? 0n;
  }

  async entries(tenantId: string, from: Date, to: Date): Promise<MonthEntry[]> {
    const rows = await this.prisma.ledgerEntry.findMany({
      where: { accountCode: tenantAccount(tenantId), postedAt: { gte: from, lt: to } },
      orderBy: { id: 'asc' },
      select: { postedAt: true, amountMicros: true, transaction: { select: { kind: true, reference: true, reason: true } } },
    });
    return rows.map((r) => ({ at: r.postedAt, kind: r.transaction.kind, amountMicros: r.amountMicros, reference: r.transaction.reference, reason: r.transaction.reason }));
  }

  /** Usage by UTC day and model; a record's created_at is its debit's posting time, so costs match the ledger. */
  usageByDay(tenantId: string, from: Date, to: Date): Promise<UsageDay[]> {
    return this.prisma.$queryRaw<UsageDay[]>`
      SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, model,
             COUNT(*)::bigint AS "requests",
             COALESCE(SUM(prompt_tokens), 0)::bigint AS "promptTokens",
             COALESCE(SUM(completion_tokens), 0)::bigint AS "completionTokens",
             COALESCE(SUM(cached_tokens), 0)::bigint AS "cachedTokens",
             COALESCE(SUM(cost_micros), 0)::bigint AS "costMicros"
      FROM billing.usage_records
      WHERE tenant_id = ${tenantId}::uuid AND created_at >= ${from} AND created_at < ${to}
      GROUP BY 1, 2 ORDER BY 1, 2`;
  }

  /** Months (YYYY-MM, UTC) in which the tenant has ledger entries or requests. */
  async activeMonths(tenantId: string): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ month: string }[]>`
      SELECT to_char(posted_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month FROM billing.ledger_entries WHERE account_code = ${tenantAccount(tenantId)}
      UNION
      SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') FROM billing.usage_records WHERE tenant_id = ${tenantId}::uuid
      ORDER BY 1`;
    return rows.map((r) => r.month);
  }
}
