import type { RequestLog, Statement } from '@tollgate/contracts';
import { toPublicBalance, toPublicCreditNoteList, toPublicInvoiceList, toPublicRequestLogPage, toPublicStatement } from './me-billing.mapper';

const TENANT = '2b0c4b8e-7a51-4c43-9d36-3f1f3c7f0a11';
const KEY = '8f9f1c34-3a3a-4d2e-9a55-6d7b0f2c9e01';

describe('me-billing mapper: billing replies to the public snake_case shapes', () => {
  it('balance', () => {
    expect(toPublicBalance({ tenantId: TENANT, currency: 'USD', balanceMicros: 1_234_567 })).toEqual({
      tenant_id: TENANT,
      currency: 'USD',
      balance_micros: 1_234_567,
    });
  });

  it('a request-log page, every field carried under its CSV column name', () => {
    const log: RequestLog = {
      requestId: 'req_1',
      at: '2026-01-02T03:04:05.000Z',
      keyId: KEY,
      keyLabel: 'prod',
      model: 'tollgate-fast',
      provider: 'mock',
      upstreamModel: 'gpt-x',
      status: 200,
      latencyMs: 12,
      ttftMs: 3,
      promptTokens: 10,
      completionTokens: 20,
      cachedTokens: 4,
      costMicros: 345,
      estimated: false,
      stream: true,
    };
    expect(toPublicRequestLogPage([log], 'c1')).toEqual({
      object: 'list',
      data: [
        {
          at: '2026-01-02T03:04:05.000Z',
          request_id: 'req_1',
          key_id: KEY,
          key_label: 'prod',
          model: 'tollgate-fast',
          provider: 'mock',
          upstream_model: 'gpt-x',
          status: 200,
          latency_ms: 12,
          ttft_ms: 3,
          prompt_tokens: 10,
          completion_tokens: 20,
          cached_tokens: 4,
          cost_micros: 345,
          estimated: false,
          stream: true,
        },
      ],
      next_cursor: 'c1',
    });
    expect(toPublicRequestLogPage([], null)).toEqual({ object: 'list', data: [], next_cursor: null });
  });

  it('a statement, with its credits, usage and other debits', () => {
    const s: Statement = {
      tenantId: TENANT,
      month: '2026-01',
      timeZone: 'Asia/Tokyo',
      currency: 'USD',
      openingBalanceMicros: 1,
      creditsMicros: 2,
      refundsMicros: 5,
      debitsMicros: 3,
      closingBalanceMicros: 9,
      credits: [{ at: '2026-01-01T00:00:00.000Z', kind: 'top_up', amountMicros: 2, reference: 'pi_1' }],
      refunds: [{ at: '2026-01-02T00:00:00.000Z', amountMicros: 5, creditNote: 'CN-2026-000001', reason: 'outage' }],
      usage: [{ day: '2026-01-01', model: 'm', requests: 5, promptTokens: 6, completionTokens: 7, cachedTokens: 8, costMicros: 2 }],
      debits: [{ at: '2026-01-03T00:00:00.000Z', kind: 'adjustment', amountMicros: 1, reference: null }],
    };
    expect(toPublicStatement(s)).toEqual({
      tenant_id: TENANT,
      month: '2026-01',
      time_zone: 'Asia/Tokyo',
      currency: 'USD',
      opening_balance_micros: 1,
      credits_micros: 2,
      refunds_micros: 5,
      debits_micros: 3,
      closing_balance_micros: 9,
      credits: [{ at: '2026-01-01T00:00:00.000Z', kind: 'top_up', amount_micros: 2, reference: 'pi_1' }],
      refunds: [{ at: '2026-01-02T00:00:00.000Z', amount_micros: 5, credit_note: 'CN-2026-000001', reason: 'outage' }],
      usage: [{ day: '2026-01-01', model: 'm', requests: 5, prompt_tokens: 6, completion_tokens: 7, cached_tokens: 8, cost_micros: 2 }],
      debits: [{ at: '2026-01-03T00:00:00.000Z', kind: 'adjustment', amount_micros: 1, reference: null }],
    });
  });

  it("credit notes: only the refunds' notes of the invoice list, with what they refund", () => {
    const note = {
      id: KEY,
      number: 'CN-2026-000001',
      kind: 'credit_note' as const,
      issuedAt: '2026-01-02T00:00:00.000Z',
      totalMicros: 5,
      currency: 'USD',
      period: null,
      reason: 'outage',
      refundOf: '2 calls',
      requestIds: ['req_a', 'req_b'],
    };
    const receipt = {
      id: TENANT,
      number: 'CR-2026-000007',
      kind: 'credit_receipt' as const,
      issuedAt: '2026-01-01T00:00:00.000Z',
      totalMicros: 9,
      currency: 'USD',
      period: null,
      reason: 'promo',
    };
    expect(toPublicCreditNoteList({ data: [note, receipt] })).toEqual({
      object: 'list',
      data: [
        {
          id: KEY,
          number: 'CN-2026-000001',
          issued_at: '2026-01-02T00:00:00.000Z',
          total_micros: 5,
          currency: 'USD',
          reason: 'outage',
          refund_of: '2 calls',
          period: null,
          request_ids: ['req_a', 'req_b'],
        },
      ],
    });
  });

  it('invoices', () => {
    const invoice = {
      id: KEY,
      number: 'TG-2026-000001',
      kind: 'top_up' as const,
      issuedAt: '2026-01-01T00:00:00.000Z',
      totalMicros: 10_000,
      currency: 'USD',
      period: null,
    };
    expect(toPublicInvoiceList({ data: [invoice] })).toEqual({
      object: 'list',
      data: [{ id: KEY, number: 'TG-2026-000001', kind: 'top_up', issued_at: '2026-01-01T00:00:00.000Z', total_micros: 10_000, currency: 'USD', period: null }],
    });
  });
});
