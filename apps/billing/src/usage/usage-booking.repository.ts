import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service';
import { AccountState, tenantAccount } from '../ledger/ledger.repository';
import type { TenantId } from '@tollgate/contracts';

/** One priced call, ready for the ledger (snake_case: the JSON keys are the SQL record's columns). */
export interface PricedUsage {
  request_id: string;
  key_id: string;
  key_label: string | null;
  model: string;
  provider: string | null;
  upstream_model: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  status: number;
  latency_ms: number;
  ttft_ms: number | null;
  estimated: boolean;
  stream: boolean;
  /** Decimal strings: micro-units may exceed 2^53 in JSON numbers' eyes. */
  cost_micros: string;
  gateway_cost_micros: string;
  /** The sale price row (default list or tier price; null when a markup over cost priced it). */
  price_id: string | null;
  /** The tenant's tier in force at the call, and the upstream cost price with what it comes to. */
  tier_id: string | null;
  cost_price_id: string | null;
  upstream_cost_micros: string;
  occurred_at: string;
  /** The hold the call was admitted on, when the gateway said (a cost above it is an overage, named on the ledger line). */
  hold_micros: string | null;
}

export interface BookedBatch extends AccountState {
  /** How many of the calls were new (the rest were booked before: redeliveries). */
  inserted: number;
  /** Request ids of the new calls when only some were new; null when every call was. */
  newIds: string[] | null;
}

/**
 * A tenant's calls into the ledger in ONE statement (so one round trip, atomic on its own):
 * their request-log rows (a request id already there is skipped: exactly once, and so is one the
 * ledger already debited, whose request log was since deleted by retention or erasure), a usage
 * transaction with both legs for each new one that costs something, dated when the call
 * happened (a cost above the call's hold says so in the line's reason), and the account's cached
 * balance moved by their sum. Rows go in request-id order
 * so that two billing replicas booking overlapping batches cannot deadlock.
 * No part of the statement joins another part (the planner estimates each at one row and would
 * nest the loops: a cost that grew with the square of the batch, seconds for a few thousand calls,
 * so a billing that fell behind fell further behind): the debits take their ids from the ledger's
 * sequence in `planned`, and everything reads the rows `recorded` inserted (which keep the hold).
 * The ledger check is a scalar lookup per call on purpose: as NOT EXISTS, the planner made it a hash
 * anti-join that read every transaction in a ledger of up to some 30,000 on every booking.
 */
@Injectable()
export class UsageBookingRepository {
  private readonly known = new Set<string>();

  constructor(private readonly prisma: PrismaService) {}

  async book(tenantId: TenantId, calls: readonly PricedUsage[]): Promise<BookedBatch> {
    const code = tenantAccount(tenantId);
    await this.ensureAccount(tenantId, code);
    const rows = await this.prisma.$queryRaw<{ balance_micros: bigint; version: bigint; inserted: bigint; new_ids: string[] | null }[]>`
      WITH input AS (
        SELECT * FROM json_to_recordset(${JSON.stringify(calls)}::json) AS x(
          request_id text, key_id uuid, key_label text, model text, provider text, upstream_model text,
          prompt_tokens int, completion_tokens int, cached_tokens int, status int, latency_ms int, ttft_ms int,
          estimated boolean, stream boolean, cost_micros bigint, gateway_cost_micros bigint, price_id uuid, occurred_at timestamptz,
          hold_micros bigint, tier_id uuid, cost_price_id uuid, upstream_cost_micros bigint)
      ), recorded AS (
        INSERT INTO billing.usage_records (request_id, tenant_id, key_id, key_label, model, provider, upstream_model,
          prompt_tokens, completion_tokens, cached_tokens, status, latency_ms, ttft_ms, estimated, stream,
          cost_micros, gateway_cost_micros, price_id, tier_id, cost_price_id, upstream_cost_micros, hold_micros, occurred_at, created_at)
        SELECT request_id, ${tenantId}::uuid, key_id, key_label, model, provider, upstream_model,
          prompt_tokens, completion_tokens, cached_tokens, status, latency_ms, ttft_ms, estimated, stream,
          cost_micros, gateway_cost_micros, price_id, tier_id, cost_price_id, upstream_cost_micros, hold_micros, occurred_at, clock_timestamp()
        FROM input
        WHERE (SELECT 1 FROM billing.ledger_transactions t WHERE t.request_id = input.request_id LIMIT 1) IS NULL
        ORDER BY request_id
        ON CONFLICT (request_id) DO NOTHING
        RETURNING request_id, cost_micros, hold_micros, model, occurred_at
      ), planned AS (
        SELECT nextval(pg_get_serial_sequence('billing.ledger_transactions', 'id')) AS id, r.*
        FROM recorded r WHERE r.cost_micros > 0
      ), debits AS (
        INSERT INTO billing.ledger_transactions (id, tenant_id, kind, request_id, reference, reason, actor, posted_at)
        SELECT p.id, ${tenantId}::uuid, 'usage', p.request_id, p.model,
          CASE WHEN p.hold_micros > 0 AND p.cost_micros > p.hold_micros
            THEN 'overage: cost ' || p.cost_micros || ' exceeds the hold of ' || p.hold_micros || ' by ' || (p.cost_micros - p.hold_micros) END,
          'usage', p.occurred_at
        FROM planned p
      ), legs AS (
        INSERT INTO billing.ledger_entries (transaction_id, account_code, amount_micros, posted_at)
        SELECT p.id, leg.account, leg.sign * p.cost_micros, p.occurred_at
        FROM planned p CROSS JOIN (VALUES (${code}, -1), ('revenue', 1)) AS leg(account, sign)
      )
      UPDATE billing.accounts
         SET balance_micros = balance_micros - (SELECT COALESCE(SUM(cost_micros), 0) FROM recorded), version = version + 1
       WHERE code = ${code}
      RETURNING balance_micros, version, (SELECT COUNT(*) FROM recorded) AS inserted,
        CASE WHEN (SELECT COUNT(*) FROM recorded) < (SELECT COUNT(*) FROM input) THEN ARRAY(SELECT request_id FROM recorded) END AS new_ids`;
    const r = rows[0];
    return { balanceMicros: r.balance_micros, version: r.version, inserted: Number(r.inserted), newIds: r.new_ids };
  }

  /** The tenant's account row exists before the first booking (one statement, then remembered). */
  private async ensureAccount(tenantId: TenantId, code: string): Promise<void> {
    if (this.known.has(code)) return;
    await this.prisma.$executeRaw`INSERT INTO billing.accounts (code, tenant_id) VALUES (${code}, ${tenantId}::uuid) ON CONFLICT (code) DO NOTHING`;
    this.known.add(code);
  }
}
