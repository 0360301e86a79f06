import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { InvoicePdfReply } from '@tollgate/contracts';
import { toSafeNumber } from '../money/money';
import { StatementsRepository } from '../statements/statements.repository';
import { statementIssuedAt, statementNumber, StatementsService } from '../statements/statements.service';
import { BillingProfilesService } from '../profiles/billing-profiles.service';
import { DOCUMENT_ISSUER, DocumentIssuer } from '../profiles/issuer';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { CreditNotesRepository } from './credit-notes.repository';
import { InvoicesRepository } from './invoices.repository';
import { creditNotePdf, invoicePdf } from './pdf';

export interface InvoiceSummaryView {
  id: string;
  number: string;
  kind: 'top_up' | 'monthly_statement' | 'credit_note';
  issuedAt: string;
  totalMicros: number;
  currency: string;
  period: string | null;
}

/** Stable id of a tenant's monthly statement document (derived, so only that tenant can name it). */
export function statementId(tenantId: string, month: string): string {
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

  /** Top-up invoices, then credit notes, then one statement per month with activity (each newest first). */
  async list(tenantId: string): Promise<{ data: InvoiceSummaryView[] }> {
    const [rows, notes, months] = await Promise.all([this.invoices.list(tenantId), this.creditNotes.list(tenantId), this.statementsRepo.activeMonths(tenantId)]);
    const invoices = rows.map((r) => ({
      id: r.id,
      number: r.number,
      kind: 'top_up' as const,
      issuedAt: r.issuedAt.toISOString(),
      totalMicros: toSafeNumber(r.totalMicros),
      currency: r.currency,
      period: null,
    }));
    const credits = notes.map((n) => ({
      id: n.id,
      number: n.number,
      kind: 'credit_note' as const,
      issuedAt: n.postedAt.toISOString(),
      totalMicros: toSafeNumber(n.amountMicros),
      currency: this.config.CURRENCY,
      period: null,
    }));
    const statements = await Promise.all(
      [...months].reverse().map(async (month) => {
        const s = await this.statements.build(tenantId, month);
        return { id: statementId(tenantId, month), number: statementNumber(month), kind: 'monthly_statement' as const, issuedAt: statementIssuedAt(month).toISOString(), totalMicros: toSafeNumber(s.debitsTotal), currency: s.currency, period: month };
      }),
    );
    return { data: [...invoices, ...credits, ...statements] };
  }

  /** A PDF only for the asking tenant's own documents: anything else is `found: false`, never "forbidden". */
  async pdf(tenantId: string, invoiceId: string): Promise<InvoicePdfReply> {
    const inv = await this.invoices.find(tenantId, invoiceId);
    if (inv) {
      const customer = await this.profiles.customer(tenantId);
      const doc = { number: inv.number, issuedAt: inv.issuedAt, description: 'Prepaid credit top-up', reference: inv.reference, totalMicros: inv.totalMicros, currency: inv.currency };
      const bytes = await invoicePdf(doc, { issuer: this.issuer, customer });
      return { found: true, number: inv.number, pdfBase64: bytes.toString('base64') };
    }
    const note = await this.creditNotes.find(tenantId, invoiceId);
    if (note) {
      const customer = await this.profiles.customer(tenantId);
      const doc = { number: note.number, issuedAt: note.postedAt, description: note.kind === 'refund' ? 'Refund' : 'Credit', reason: note.reason, totalMicros: note.amountMicros, currency: this.config.CURRENCY };
      return { found: true, number: note.number, pdfBase64: (await creditNotePdf(doc, { issuer: this.issuer, customer })).toString('base64') };
    }
    const month = await this.statementMonth(tenantId, invoiceId);
    if (!month) return { found: false };
    return { found: true, number: statementNumber(month), pdfBase64: (await this.statements.pdf(tenantId, month)).toString('base64') };
  }

  /** `statement:YYYY-MM` or a statement id from the list. */
  private async statementMonth(tenantId: string, invoiceId: string): Promise<string | null> {
    const direct = /^statement:(\d{4}-(0[1-9]|1[0-2]))$/.exec(invoiceId);
    if (direct) return direct[1];
    const months = await this.statementsRepo.activeMonths(tenantId);
    return months.find((m) => statementId(tenantId, m) === invoiceId.toLowerCase()) ?? null;
  }
}
