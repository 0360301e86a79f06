import { Injectable } from '@nestjs/common';
import { PrismaService, Tx } from '../infra/prisma.service';
import type { TenantId } from '@tollgate/contracts';
import { asTenantId } from '@tollgate/contracts';

/** `refund` credits the balance back (against `revenue`); `promo_grant` / `promo_expiry` move promotional credit in and out (against `promotions`). */
export type LedgerKind = 'top_up' | 'usage' | 'adjustment' | 'refund' | 'promo_grant' | 'promo_expiry';
export type SystemAccount = 'revenue' | 'payments' | 'adjustments' | 'promotions';

export interface Posting {
  tenantId: string;
  kind: LedgerKind;
  /** Signed amount on the tenant's account; the system account gets the opposite. */
  amountMicros: bigint;
  counter: SystemAccount;
  actor: string;
  requestId?: string;
  reference?: string;
  reason?: string;
  /** Defaults to now; usage passes the time it also stamps on the request's record. */
  postedAt?: Date;
}

export interface AccountState {
  balanceMicros: bigint;
  version: bigint;
}

export interface Posted extends AccountState {
  transactionId: bigint;
  postedAt: Date;
}

/** One line of a tenant's ledger listing: the entry and what its transaction says. */
export interface LedgerLine {
  id: bigint;
  postedAt: Date;
  amountMicros: bigint;
  transaction: { kind: string; requestId: string | null; reference: string | null; reason: string | null; actor: string };
}

interface LedgerLineRow {
  id: bigint;
  posted_at: Date;
  amount_micros: bigint;
  kind: string;
  request_id: string | null;
  reference: string | null;
  reason: string | null;
  actor: string;
}

/** Above every entry id (bigint's maximum): the first page's cursor. */
const MAX_ENTRY_ID = 9_223_372_036_854_775_807n;

export const tenantAccount = (tenantId: TenantId): string => `tenant:${tenantId}`;

/** The append-only ledger. Every method takes the tenant id; postings run inside a caller's transaction. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Serialises every commit of one tenant: creates the account on first use, then locks its row. */
  async lock(tx: Tx, tenantId: TenantId): Promise<AccountState> {
    const code = tenantAccount(tenantId);
    await tx.$executeRaw`INSERT INTO billing.accounts (code, tenant_id) VALUES (${code}, ${tenantId}::uuid) ON CONFLICT (code) DO NOTHING`;
    const rows = await tx.$queryRaw<{ balance_micros: bigint; version: bigint }[]>`
      SELECT balance_micros, version FROM billing.accounts WHERE code = ${code} FOR UPDATE`;
    return { balanceMicros: rows[0].balance_micros, version: rows[0].version };
  }

  /** One balanced transaction (tenant vs. a system account) and the cached balance, under the lock taken by `lock`. */
  async post(tx: Tx, p: Posting): Promise<Posted> {
    const code = tenantAccount(asTenantId(p.tenantId));
    const postedAt = p.postedAt ?? new Date();
    const t = await tx.ledgerTransaction.create({
      data: {
        tenantId: p.tenantId,
        kind: p.kind,
        requestId: p.requestId ?? null,
        reference: p.reference ?? null,
        reason: p.reason ?? null,
        actor: p.actor,
        postedAt,
      },
      select: { id: true, postedAt: true },
    });
    // Both legs in ONE statement: the database's statement trigger checks that they sum to zero.
    await tx.ledgerEntry.createMany({
      data: [
        { transactionId: t.id, accountCode: code, amountMicros: p.amountMicros, postedAt },
        { transactionId: t.id, accountCode: p.counter, amountMicros: -p.amountMicros, postedAt },
      ],
    });
    const state = await this.bump(tx, asTenantId(p.tenantId), p.amountMicros, 0n);
    return { ...state, transactionId: t.id, postedAt: t.postedAt };
  }

  /** Adds `delta` to the cached balance and moves the version past `atLeast`. */
  async bump(tx: Tx, tenantId: TenantId, delta: bigint, atLeast: bigint): Promise<AccountState> {
    const rows = await tx.$queryRaw<{ balance_micros: bigint; version: bigint }[]>`
      UPDATE billing.accounts SET balance_micros = balance_micros + ${delta}, version = GREATEST(version, ${atLeast}) + 1
      WHERE code = ${tenantAccount(tenantId)} RETURNING balance_micros, version`;
    return { balanceMicros: rows[0].balance_micros, version: rows[0].version };
  }

  async state(tenantId: TenantId): Promise<AccountState> {
    const row = await this.prisma.account.findUnique({ where: { code: tenantAccount(tenantId) }, select: { balanceMicros: true, version: true } });
    return row ?? { balanceMicros: 0n, version: 0n };
  }

  /**
   * The tenant's entries newest first, `limit` of them with ids below `beforeId`: a walk of `limit` entries down
   * the (account_code, -id) index, then each one's transaction by its key. Ordered by -id, not id: given
   * `ORDER BY id DESC`, Postgres may walk the primary key backwards filtering by account (it assumes the
   * account's entries are spread evenly), reading every entry posted since by every other account.
   */
  async entries(tenantId: TenantId, limit: number, beforeId?: bigint): Promise<LedgerLine[]> {
    const before = beforeId ? beforeId : MAX_ENTRY_ID; // a cursor of 0 has always meant the first page
    const rows = await this.prisma.$queryRaw<LedgerLineRow[]>`
      SELECT e.id, e.posted_at, e.amount_micros, t.kind, t.request_id, t.reference, t.reason, t.actor
      FROM (SELECT id, transaction_id, posted_at, amount_micros FROM billing.ledger_entries
            WHERE account_code = ${tenantAccount(tenantId)} AND -id > ${-before}
            ORDER BY -id LIMIT ${limit}) e
      JOIN billing.ledger_transactions t ON t.id = e.transaction_id
      ORDER BY e.id DESC`;
    return rows.map((r) => ({
      id: r.id,
      postedAt: r.posted_at,
      amountMicros: r.amount_micros,
      transaction: { kind: r.kind, requestId: r.request_id, reference: r.reference, reason: r.reason, actor: r.actor },
    }));
  }

  /** Every tenant account, page by page (the background passes: reconcile, lost calls, retention). */
  async *accountPages(size = 500): AsyncGenerator<{ code: string; tenantId: TenantId; balanceMicros: bigint; version: bigint }[]> {
    for (let after = ''; ;) {
      const page = await this.accountsAfter(after, size);
      if (!page.length) return;
      after = page[page.length - 1].code;
      yield page;
    }
  }

  /** Every tenant account, in pages, for the reconcile. */
  async accountsAfter(afterCode: string, limit: number): Promise<{ code: string; tenantId: TenantId; balanceMicros: bigint; version: bigint }[]> {
    const rows = await this.prisma.account.findMany({
      where: { tenantId: { not: null }, code: { gt: afterCode } },
      orderBy: { code: 'asc' },
      take: limit,
      select: { code: true, tenantId: true, balanceMicros: true, version: true },
    });
    return rows.map((r) => ({ ...r, tenantId: asTenantId(r.tenantId as string) }));
  }
}
