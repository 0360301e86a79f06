import { formatMicros } from '../money/money';
import type { StatementData } from '../statements/statements.service';
import { renderPdf } from './pdf-renderer';
import { PdfLine, printed } from './pdf-spec';

export interface InvoiceDoc {
  issuer: string;
  number: string;
  issuedAt: Date;
  tenantId: string;
  description: string;
  reference: string | null;
  totalMicros: bigint;
  currency: string;
}

const amount = (v: bigint, currency: string) => `${formatMicros(v)} ${currency}`;
const title = (text: string): PdfLine => ({ text, size: 20, bold: true });
const body = (text: string, extra: Partial<PdfLine> = {}): PdfLine => ({ text, size: 11, ...extra });

/**
 * Invoice for one paid top-up: the figures come from the ledger row as exact decimal text. Every
 * variable field is cut to PRINT_MAX_CHARS; the document is laid out in a worker thread.
 */
export function invoicePdf(inv: InvoiceDoc): Promise<Buffer> {
  const number = printed(inv.number);
  return renderPdf({
    title: `Invoice ${number}`,
    at: inv.issuedAt.toISOString(),
    lines: [
      title(`Invoice ${number}`),
      body(`Issuer: ${printed(inv.issuer)}`, { gapBefore: true }),
      body(`Customer (tenant): ${printed(inv.tenantId)}`),
      body(`Issued: ${inv.issuedAt.toISOString()}`),
      ...(inv.reference ? [body(`Payment reference: ${printed(inv.reference)}`)] : []),
      body(`Description: ${printed(inv.description)}`, { gapBefore: true }),
      body(`Total: ${amount(inv.totalMicros, inv.currency)}`, { bold: true }),
      { text: 'Paid in full. Amounts in the ledger currency, exact to one millionth.', size: 9, gapBefore: true },
    ],
  });
}

/** Monthly statement: opening + credits − debits = closing, with the lines that make up each figure. */
export function statementPdf(s: StatementData, issuer: string, number: string): Promise<Buffer> {
  const c = s.currency;
  const entry = (x: StatementData['credits'][number]) => `${x.at.toISOString()}  ${printed(x.kind)}  ${amount(x.amount, c)}${x.reference ? `  ${printed(x.reference)}` : ''}`;
  const usage = (u: StatementData['usage'][number]) =>
    `${u.day}  ${printed(u.model)}  requests ${u.requests}  tokens in ${u.promptTokens} (cached ${u.cachedTokens}) out ${u.completionTokens}  ${amount(u.cost, c)}`;
  return renderPdf({
    title: `Statement ${s.month}`,
    at: new Date(`${s.month}-01T00:00:00Z`).toISOString(),
    lines: [
      title(`Statement ${s.month}`),
      body(`Number: ${printed(number)}`, { gapBefore: true }),
      body(`Issuer: ${printed(issuer)}`),
      body(`Customer (tenant): ${printed(s.tenantId)}`),
      body(`Opening balance: ${amount(s.opening, c)}`, { gapBefore: true }),
      body(`Credits: ${amount(s.creditsTotal, c)}`),
      body(`Debits: ${amount(s.debitsTotal, c)}`),
      body(`Closing balance: ${amount(s.closing, c)}`, { bold: true }),
      ...section('Credits', s.credits.map(entry)),
      ...section('Usage by day and model', s.usage.map(usage)),
      ...section('Other debits', s.debits.map(entry)),
    ],
  });
}

function section(name: string, lines: string[]): PdfLine[] {
  const rows = lines.length === 0 ? ['none'] : lines;
  return [{ text: name, size: 12, bold: true, gapBefore: true }, ...rows.map((text) => ({ text, size: 9 }))];
}
