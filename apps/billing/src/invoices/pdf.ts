import PDFDocument from 'pdfkit';
import { formatMicros } from '../money/money';
import type { StatementData } from '../statements/statements.service';

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

/** Renders a document to bytes; timestamps in the metadata are fixed so the same data gives the same bytes. */
function render(title: string, at: Date, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: title, Producer: 'Tollgate', Creator: 'Tollgate billing', CreationDate: at } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    draw(doc);
    doc.end();
  });
}

const amount = (v: bigint, currency: string) => `${formatMicros(v)} ${currency}`;

/** Invoice for one paid top-up: the figures come from the ledger row as exact decimal text. */
export function invoicePdf(inv: InvoiceDoc): Promise<Buffer> {
  return render(`Invoice ${inv.number}`, inv.issuedAt, (doc) => {
    doc.font('Helvetica-Bold').fontSize(20).text(`Invoice ${inv.number}`);
    doc.moveDown().font('Helvetica').fontSize(11);
    doc.text(`Issuer: ${inv.issuer}`);
    doc.text(`Customer (tenant): ${inv.tenantId}`);
    doc.text(`Issued: ${inv.issuedAt.toISOString()}`);
    if (inv.reference) doc.text(`Payment reference: ${inv.reference}`);
    doc.moveDown();
    doc.text(`Description: ${inv.description}`);
    doc.font('Helvetica-Bold').text(`Total: ${amount(inv.totalMicros, inv.currency)}`);
    doc.font('Helvetica').moveDown().fontSize(9).text('Paid in full. Amounts in the ledger currency, exact to one millionth.');
  });
}

/** Monthly statement: opening + credits − debits = closing, with the lines that make up each figure. */
export function statementPdf(s: StatementData, issuer: string, number: string): Promise<Buffer> {
  return render(`Statement ${s.month}`, new Date(`${s.month}-01T00:00:00Z`), (doc) => {
    const c = s.currency;
    doc.font('Helvetica-Bold').fontSize(20).text(`Statement ${s.month}`);
    doc.font('Helvetica').fontSize(11).moveDown();
    doc.text(`Number: ${number}`);
    doc.text(`Issuer: ${issuer}`);
    doc.text(`Customer (tenant): ${s.tenantId}`);
    doc.moveDown();
    doc.text(`Opening balance: ${amount(s.opening, c)}`);
    doc.text(`Credits: ${amount(s.creditsTotal, c)}`);
    doc.text(`Debits: ${amount(s.debitsTotal, c)}`);
    doc.font('Helvetica-Bold').text(`Closing balance: ${amount(s.closing, c)}`).font('Helvetica');
    section(doc, 'Credits', s.credits.map((x) => `${x.at.toISOString()}  ${x.kind}  ${amount(x.amount, c)}${x.reference ? `  ${x.reference}` : ''}`));
    section(doc, 'Usage by day and model', s.usage.map((u) => `${u.day}  ${u.model}  requests ${u.requests}  tokens in ${u.promptTokens} (cached ${u.cachedTokens}) out ${u.completionTokens}  ${amount(u.cost, c)}`));
    section(doc, 'Other debits', s.debits.map((x) => `${x.at.toISOString()}  ${x.kind}  ${amount(x.amount, c)}${x.reference ? `  ${x.reference}` : ''}`));
  });
}

function section(doc: PDFKit.PDFDocument, title: string, lines: string[]): void {
  doc.moveDown().font('Helvetica-Bold').fontSize(12).text(title).font('Helvetica').fontSize(9);
  if (lines.length === 0) doc.text('none');
  for (const l of lines) doc.text(l);
  doc.fontSize(11);
}
