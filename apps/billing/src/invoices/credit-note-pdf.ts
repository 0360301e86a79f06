import { displayAmount } from './layout';
import { capped, customerLines, day, DocumentParties, issuerLines, roundingNote, taxNote, taxRows } from './pdf';
import { renderPdf } from './pdf-renderer';
import { printed } from './pdf-spec';

/**
 * A credit document: a refund's credit note (numbered CN-…, gapless), or a credit receipt for an
 * operator's credit or a promotional grant (CR-…). Its lines add up to its total, which is the
 * ledger entry it documents.
 */
export interface CreditDoc {
  title: 'Credit note' | 'Credit receipt';
  number: string;
  issuedAt: Date;
  reason: string | null;
  totalMicros: bigint;
  currency: string;
  /** What was refunded: "Statement ST-2026-11 (UTC)", "2 calls", or null for a receipt. */
  against: string | null;
  lines: { description: string; amountMicros: bigint }[];
}

export function creditDocPdf(doc: CreditDoc, parties: DocumentParties): Promise<Buffer> {
  const c = doc.currency;
  const number = printed(doc.number);
  const isNote = doc.title === 'Credit note';
  const totals = taxRows(doc.totalMicros, parties.issuer, isNote ? 'Total refunded' : 'Total credited').map(([l, v]) => [l, displayAmount(v, c), v.toString()]);
  const { rows, note } = capped(
    doc.lines.map((l) => [printed(l.description), displayAmount(l.amountMicros, c), l.amountMicros.toString()]),
    'lines',
  );
  return renderPdf({
    title: doc.title,
    at: doc.issuedAt.toISOString(),
    logo: parties.issuer.logo,
    issuer: issuerLines(parties.issuer),
    meta: [
      ['Number', number],
      ['Issue date', day(doc.issuedAt)],
      ['Status', `Credited ${day(doc.issuedAt)}`],
      ...(doc.against ? ([['Refund of', printed(doc.against)]] as [string, string][]) : []),
      ...(doc.reason ? ([['Reason', printed(doc.reason)]] as [string, string][]) : []),
    ],
    customer: customerLines(parties.customer),
    tables: [
      {
        title: 'Items',
        columns: [
          { header: 'Description', width: 315 },
          { header: `Amount (${c})`, width: 90, align: 'right' },
          { header: 'Micro-units', width: 100, align: 'right' },
        ],
        rows,
        totals,
        empty: '',
        note,
      },
    ],
    notes: [
      isNote
        ? `This refund was credited to the prepaid balance of account ${parties.customer.accountId}; the monthly statement lists it under Refunds.`
        : `This amount was credited to the prepaid balance of account ${parties.customer.accountId}; the monthly statement lists it under Credits.`,
      ...taxNote(parties.issuer),
      roundingNote(c),
    ],
    footer: `${doc.title} ${number} · ${printed(parties.issuer.name)}`,
  });
}
