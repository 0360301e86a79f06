import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { TenantId, InvoicePdfReply, InvoiceSummary } from '@tollgate/contracts';
import { toSafeNumber } from '../money/money';
import { StatementsRepository } from '../statements/statements.repository';
import { statementIssuedAt, statementNumber, StatementsService } from '../statements/statements.service';
import { BillingProfilesService } from '../profiles/billing-profiles.service';
import { DOCUMENT_ISSUER, DocumentIssuer } from '../profiles/issuer';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { CreditNoteRow, CreditNotesRepository, CreditReceiptRow } from './credit-notes.repository';
import { CreditDoc, creditDocPdf } from './credit-note-pdf';
import { InvoicesRepository } from './invoices.repository';
import { invoicePdf } from './pdf';
import { timeZoneOf } from '../statements/time-zone';

export type InvoiceSummaryView = InvoiceSummary;

/** Stable id of a tenant's monthly statement document (derived, so only that tenant can name it). */
export function statementId(tenantId: TenantId, month: string): string {
  const h = createHash('sha256').update(`statement:${tenantId}:${month}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

@Injectable()
export class InvoicesService {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly statements: StatementsService,
    private readonly statementsRepo: StatementsRepository,
    private readonly profiles: BillingProfilesService,
    @Inject(DOCUMENT_ISSUER) private readonly issuer: DocumentIssuer,
    private readonly creditNotes: CreditNotesRepository,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {}

  /** Top-up invoices, credit notes, credit receipts, then one statement per month with activity in the time zone (each newest first). */
  async list(tenantId: TenantId, timeZone?: string): Promise<{ data: InvoiceSummaryView[] }> {
    const zone = timeZoneOf(timeZone);
    const [rows, notes, receipts, months] = await Promise.all([
      this.invoices.list(tenantId),
      this.creditNotes.notes(tenantId),
      this.creditNotes.receipts(tenantId),
      this.statementsRepo.activeMonths(tenantId, zone),
    ]);
    const invoices = rows.map((r) => ({
      id: r.id,
      number: r.number,
      kind: 'top_up' as const,
      issuedAt: r.issuedAt.toISOString(),
      totalMicros: toSafeNumber(r.totalMicros),
      currency: r.currency,
      period: null,
    }));
    const statements = await Promise.all(
      [...months].reverse().map(async (month) => {
        const s = await this.statements.build(tenantId, month, zone);
        const issuedAt = statementIssuedAt(month, new Date(), zone).toISOString();
        return {
          id: statementId(tenantId, month),
          number: statementNumber(month),
          kind: 'monthly_statement' as const,
          issuedAt,
          totalMicros: toSafeNumber(s.debitsTotal),
          currency: s.currency,
          period: month,
        };
      }),
    );
    return { data: [...invoices, ...notes.map(noteSummary), ...receipts.map((r) => this.receiptSummary(r)), ...statements] };
  }

  private receiptSummary(r: CreditReceiptRow): InvoiceSummaryView {
    return {
      id: r.id,
      number: r.number,
      kind: 'credit_receipt',
      issuedAt: r.postedAt.toISOString(),
      totalMicros: toSafeNumber(r.amountMicros),
      currency: this.config.CURRENCY,
      period: null,
      reason: r.reason,
    };
  }

  /** A PDF only for the asking tenant's own documents: anything else is `found: false`, never "forbidden". */
  async pdf(tenantId: TenantId, invoiceId: string, timeZone?: string): Promise<InvoicePdfReply> {
    const inv = await this.invoices.find(tenantId, invoiceId);
    if (inv) {
      const customer = await this.profiles.customer(tenantId);
      const doc = {
        number: inv.number,
        issuedAt: inv.issuedAt,
        description: 'Prepaid credit top-up',
        reference: inv.reference,
        totalMicros: inv.totalMicros,
        currency: inv.currency,
      };
      const bytes = await invoicePdf(doc, { issuer: this.issuer, customer });
      return { found: true, number: inv.number, pdfBase64: bytes.toString('base64') };
    }
    const credit = await this.creditPdf(tenantId, invoiceId);
    if (credit) return credit;
    const zone = timeZoneOf(timeZone);
    const month = await this.statementMonth(tenantId, invoiceId, zone);
    if (!month) return { found: false };
    return { found: true, number: statementNumber(month), pdfBase64: (await this.statements.pdf(tenantId, month, zone)).toString('base64') };
  }

  /** A credit note (refund) or credit receipt (operator credit, promotional grant) of this tenant, or null. */
  private async creditPdf(tenantId: TenantId, id: string): Promise<InvoicePdfReply | null> {
    const note = await this.creditNotes.note(tenantId, id);
    const receipt = note ? null : await this.creditNotes.receipt(tenantId, id);
    if (!note && !receipt) return null;
    const customer = await this.profiles.customer(tenantId);
    const doc = note ? creditNoteDoc(note) : receiptDoc(receipt as CreditReceiptRow, this.config.CURRENCY);
    return { found: true, number: doc.number, pdfBase64: (await creditDocPdf(doc, { issuer: this.issuer, customer })).toString('base64') };
  }

  /** `statement:YYYY-MM` or a statement id from the list. */
  private async statementMonth(tenantId: TenantId, invoiceId: string, timeZone: string): Promise<string | null> {
    const direct = /^statement:(\d{4}-(0[1-9]|1[0-2]))$/.exec(invoiceId);
    if (direct) return direct[1];
    const months = await this.statementsRepo.activeMonths(tenantId, timeZone);
    return months.find((m) => statementId(tenantId, m) === invoiceId.toLowerCase()) ?? null;
  }
}

/** "Statement ST-2026-11 (Asia/Tokyo)" or "2 calls". */
export function refundOf(n: Pick<CreditNoteRow, 'basis' | 'period' | 'timeZone' | 'requests'>): string {
  if (n.basis === 'amount') return `Statement ${statementNumber(n.period ?? '')} (${n.timeZone ?? 'UTC'})`;
  return `${n.requests.length} ${n.requests.length === 1 ? 'call' : 'calls'}`;
}

function noteSummary(n: CreditNoteRow): InvoiceSummaryView {
  return {
    id: n.id,
    number: n.number,
    kind: 'credit_note',
    issuedAt: n.issuedAt.toISOString(),
    totalMicros: toSafeNumber(n.totalMicros),
    currency: n.currency,
    period: n.period,
    reason: n.reason,
    refundOf: refundOf(n),
    requestIds: n.requests.slice(0, 100).map((r) => r.requestId),
  };
}

function creditNoteDoc(n: CreditNoteRow): CreditDoc {
  const lines =
    n.basis === 'amount'
      ? [{ description: `Refund against statement ${statementNumber(n.period ?? '')} (${n.timeZone ?? 'UTC'})`, amountMicros: n.totalMicros }]
      : n.requests.map((r) => ({
          description: `Call ${r.requestId} of ${r.chargedAt.toISOString().slice(0, 19).replace('T', ' ')} UTC`,
          amountMicros: r.amountMicros,
        }));
  return {
    title: 'Credit note',
    number: n.number,
    issuedAt: n.issuedAt,
    reason: n.reason,
    totalMicros: n.totalMicros,
    currency: n.currency,
    against: refundOf(n),
    lines,
  };
}

function receiptDoc(r: CreditReceiptRow, currency: string): CreditDoc {
  const label = r.kind === 'promo_grant' ? 'Promotional credit' : 'Credit';
  const description = r.reason ? `${label}: ${r.reason}` : label;
  return {
    title: 'Credit receipt',
    number: r.number,
    issuedAt: r.postedAt,
    reason: null,
    totalMicros: r.amountMicros,
    currency,
    against: null,
    lines: [{ description, amountMicros: r.amountMicros }],
  };
}
