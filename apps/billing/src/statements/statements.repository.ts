import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService, Tx } from '../infra/prisma.service';
import { tenantAccount } from '../ledger/ledger.repository';
import type { TenantId } from '@tollgate/contracts';

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
  /** The one price every call of the line was costed at (per million tokens), or null when several applied or it is unknown. */
  rates: { input: bigint; cached: bigint; output: bigint } | null;
}

/** Everything a month's statement is made of, read from one snapshot. */
export interface MonthFigures {
  opening: bigint;
  entries: MonthEntry[];
  usage: UsageDay[];
}

/** Statement figures straight from the ledger (tenant account entries) and usage records; all scoped by tenant. */
@Injectable()
export class StatementsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The opening balance, the month's entries and its usage from ONE read-only REPEATABLE READ
   * transaction: a usage booking that commits meanwhile is either wholly in all three or in none,
   * so the debits always equal the sum of the statement's lines.
   */
  month(tenantId: TenantId, from: Date, to: Date, timeZone = 'UTC'): Promise<MonthFigures> {
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SET TRANSACTION READ ONLY`;
        const opening = await this.balanceBefore(tx, tenantId, from);
        const entries = await this.entries(tx, tenantId, from, to);
        const usage = await this.withRates(tx, await this.usageByDay(tx, tenantId, from, to, timeZone));
        return { opening, entries, usage };
      },
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, maxWait: 10_000, timeout: 20_000 },
    );
  }

  /**
   * The balance before `at`: the account's balance (the sum of all its entries, kept in the same transaction as
   * every posting) less the entries posted since. Reads the entries after `at`, not the tenant's whole history.
   */
  private async balanceBefore(tx: Tx, tenantId: TenantId, at: Date): Promise<bigint> {
    const code = tenantAccount(tenantId);
    const rows = await tx.$queryRaw<{ opening: bigint }[]>`
      SELECT a.balance_micros - COALESCE((SELECT SUM(e.amount_micros) FROM billing.ledger_entries e
                                           WHERE e.account_code = ${code} AND e.posted_at >= ${at}), 0)::bigint AS opening
      FROM billing.accounts a WHERE a.code = ${code}`;
    return rows[0]?.opening ?? 0n;
  }

  private async entries(tx: Tx, tenantId: TenantId, from: Date, to: Date): Promise<MonthEntry[]> {
    const rows = await tx.ledgerEntry.findMany({
      where: { accountCode: tenantAccount(tenantId), postedAt: { gte: from, lt: to } },
      orderBy: { id: 'asc' },
      select: { postedAt: true, amountMicros: true, transaction: { select: { kind: true, reference: true, reason: true } } },
    });
    return rows.map((r) => ({
      at: r.postedAt,
      kind: r.transaction.kind,
      amountMicros: r.amountMicros,
      reference: r.transaction.reference,
      reason: r.transaction.reason,
    }));
  }

  /**
   * Usage by day (in the reporting time zone) and model of when each call happened (`occurred_at`); a usage debit is posted
   * at its call's `occurred_at` too, so a call and its debit fall in the same month. Calls whose
   * request log was deleted (retention, erasure) are summarised from their ledger debits instead:
   * the same day (`posted_at`), model (the debit's reference), one request each and its cost, with
   * tokens no longer known (0), so the usage lines still add up to the month's usage debits.
   */
  private usageByDay(tx: Tx, tenantId: TenantId, from: Date, to: Date, timeZone: string): Promise<(Omit<UsageDay, 'rates'> & { priceId: string | null })[]> {
    return tx.$queryRaw`
      WITH calls AS (
        SELECT occurred_at AS at, model, prompt_tokens, completion_tokens, cached_tokens, cost_micros, price_id
        FROM billing.usage_records
        WHERE tenant_id = ${tenantId}::uuid AND occurred_at >= ${from} AND occurred_at < ${to}
        UNION ALL
        SELECT e.posted_at, COALESCE(t.reference, ''), 0, 0, 0, -e.amount_micros, NULL::uuid
        FROM billing.ledger_transactions t
        JOIN billing.ledger_entries e ON e.transaction_id = t.id AND e.account_code = ${tenantAccount(tenantId)}
        WHERE t.tenant_id = ${tenantId}::uuid AND t.kind = 'usage' AND t.posted_at >= ${from} AND t.posted_at < ${to}
          AND e.posted_at >= ${from} AND e.posted_at < ${to}
          AND NOT EXISTS (SELECT 1 FROM billing.usage_records r WHERE r.request_id = t.request_id)
      )
      SELECT to_char(at AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day, model,
             COUNT(*)::bigint AS "requests",
             COALESCE(SUM(prompt_tokens), 0)::bigint AS "promptTokens",
             COALESCE(SUM(completion_tokens), 0)::bigint AS "completionTokens",
             COALESCE(SUM(cached_tokens), 0)::bigint AS "cachedTokens",
             COALESCE(SUM(cost_micros), 0)::bigint AS "costMicros",
             CASE WHEN COUNT(price_id) = COUNT(*) AND COUNT(DISTINCT price_id) = 1 THEN MIN(price_id::text) END AS "priceId"
      FROM calls
      GROUP BY 1, 2 ORDER BY 1, 2`;
  }

  /** Each line's unit prices, where one price applied to all of its calls (read in the same snapshot). */
  private async withRates(tx: Tx, lines: (Omit<UsageDay, 'rates'> & { priceId: string | null })[]): Promise<UsageDay[]> {
    const ids = [...new Set(lines.map((l) => l.priceId).filter((id): id is string => id !== null))];
    // A line's price is a default price or a price tier's own (a markup over cost has no rates row: null).
    const prices = ids.length
      ? [...(await tx.price.findMany({ where: { id: { in: ids } } })), ...(await tx.tierPrice.findMany({ where: { id: { in: ids } } }))]
      : [];
    const byId = new Map(prices.map((p) => [p.id, { input: p.inputPerMillion, cached: p.cachedInputPerMillion, output: p.outputPerMillion }]));
    return lines.map(({ priceId, ...line }) => ({ ...line, rates: (priceId && byId.get(priceId)) || null }));
  }

  /**
   * Months (YYYY-MM in the time zone) in which the tenant has ledger entries or made requests (by `occurred_at`).
   * Each month is found by one index lookup (the first entry or call at or after the previous month's end), so the
   * cost grows with the number of months, not with the tenant's history.
   */
  async activeMonths(tenantId: TenantId, timeZone = 'UTC'): Promise<string[]> {
    const code = tenantAccount(tenantId);
    const rows = await this.prisma.$queryRaw<{ month: string }[]>`
      WITH RECURSIVE entry_months(at) AS (
        SELECT MIN(posted_at) FROM billing.ledger_entries WHERE account_code = ${code}
        UNION ALL
        SELECT (SELECT MIN(e.posted_at) FROM billing.ledger_entries e
                 WHERE e.account_code = ${code} AND e.posted_at >= (date_trunc('month', m.at AT TIME ZONE ${timeZone}) + interval '1 month') AT TIME ZONE ${timeZone})
        FROM entry_months m WHERE m.at IS NOT NULL
      ), call_months(at) AS (
        SELECT MIN(occurred_at) FROM billing.usage_records WHERE tenant_id = ${tenantId}::uuid
        UNION ALL
        SELECT (SELECT MIN(u.occurred_at) FROM billing.usage_records u
                 WHERE u.tenant_id = ${tenantId}::uuid AND u.occurred_at >= (date_trunc('month', m.at AT TIME ZONE ${timeZone}) + interval '1 month') AT TIME ZONE ${timeZone})
        FROM call_months m WHERE m.at IS NOT NULL
      )
      SELECT to_char(at AT TIME ZONE ${timeZone}, 'YYYY-MM') AS month FROM entry_months WHERE at IS NOT NULL
      UNION
      SELECT to_char(at AT TIME ZONE ${timeZone}, 'YYYY-MM') FROM call_months WHERE at IS NOT NULL
      ORDER BY 1`;
    return rows.map((r) => r.month);
  }
}
