import type { DocumentIssuer } from '../profiles/issuer';
import type { DocumentCustomer } from '../profiles/billing-profiles.service';
import { monthRange, statementIssuedAt, type StatementData } from '../statements/statements.service';
import { dayIn } from '../statements/time-zone';
import { minorDigits } from '../money/money';
import { displayAmount, displayCount, displayPercent, displayRate, taxSplit } from './layout';
import { renderPdf } from './pdf-renderer';
import { DocColumn, DocLine, DocTable, MAX_TABLE_ROWS, PdfSpec, printed } from './pdf-spec';

/** Who a document is from and to. */
export interface DocumentParties {
  issuer: DocumentIssuer;
  customer: DocumentCustomer;
}

export interface InvoiceDoc {
  number: string;
  issuedAt: Date;
  description: string;
  reference: string | null;
  totalMicros: bigint;
  currency: string;
}

export const day = (d: Date) => d.toISOString().slice(0, 10);
const minute = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const KIND_LABELS: Record<string, string> = {
  top_up: 'Top-up',
  adjustment: 'Adjustment',
  usage: 'Usage',
  refund: 'Refund',
  promo_grant: 'Promotional credit',
  promo_expiry: 'Promo expiry',
};
const kindLabel = (k: string) => KIND_LABELS[k] ?? printed(k.replace(/_/g, ' '));

export function issuerLines(i: DocumentIssuer): DocLine[] {
  return [
    { text: printed(i.name), bold: true },
    ...i.addressLines.map((l) => ({ text: printed(l) })),
    ...(i.taxId ? [{ text: `Tax ID: ${printed(i.taxId)}` }] : []),
    ...(i.email ? [{ text: printed(i.email) }] : []),
  ];
}

export function customerLines(c: DocumentCustomer): DocLine[] {
  return [
    { text: printed(c.name), bold: true },
    ...c.addressLines.map((l) => ({ text: printed(l) })),
    ...(c.taxId ? [{ text: `Tax ID: ${printed(c.taxId)}` }] : []),
    ...(c.email ? [{ text: printed(c.email) }] : []),
    { text: `Account ${c.accountId}` },
  ];
}

/** A table of label | amount | micro-units rows (summaries, totals). */
function amountsTable(title: string, currency: string, rows: [string, bigint][]): DocTable {
  const columns: DocColumn[] = [
    { header: '', width: 285 },
    { header: `Amount (${currency})`, width: 110, align: 'right' },
    { header: 'Micro-units (exact)', width: 110, align: 'right' },
  ];
  const cells = (label: string, v: bigint) => [label, displayAmount(v, currency), v.toString()];
  return {
    title,
    columns,
    rows: rows.slice(0, -1).map(([l, v]) => cells(l, v)),
    totals: rows.slice(-1).map(([l, v]) => cells(l, v)),
    empty: '',
    keepTogether: true,
  };
}

/** Rows past MAX_TABLE_ROWS are left out with a note; the totals still cover every line. */
export function capped(rows: string[][], what: string): { rows: string[][]; note?: string } {
  if (rows.length <= MAX_TABLE_ROWS) return { rows };
  return {
    rows: rows.slice(0, MAX_TABLE_ROWS),
    note: `This table shows the first ${displayCount(MAX_TABLE_ROWS)} of ${displayCount(rows.length)} ${what}; the totals include every line, and the CSV export lists them all.`,
  };
}

export function roundingNote(currency: string): string {
  const digits = minorDigits(currency);
  const precision = digits === 0 ? 'whole units' : `${digits} decimals`;
  return `Amounts are in ${currency}, shown to ${precision} (rounded half away from zero). The micro-unit figures are exact (1 ${currency} = 1,000,000 micro-units): they add up to the totals and equal the ledger, while rounded amounts may differ from their rounded total by the last digit.`;
}

export function taxRows(total: bigint, issuer: DocumentIssuer, totalLabel: string): [string, bigint][] {
  if (issuer.taxRateBps <= 0) return [[totalLabel, total]];
  const { net, tax } = taxSplit(total, issuer.taxRateBps);
  return [
    [`Subtotal excl. ${issuer.taxLabel}`, net],
    [`${issuer.taxLabel} ${displayPercent(issuer.taxRateBps)}`, tax],
    [totalLabel, total],
  ];
}

export const taxNote = (i: DocumentIssuer) =>
  i.taxRateBps > 0
    ? [`Ledger amounts include ${i.taxLabel} at ${displayPercent(i.taxRateBps)}; the ${i.taxLabel} line is the included part, rounded to the micro-unit.`]
    : [];

/** Invoice for one paid top-up: one line, the amount credited to the prepaid balance. Always "Paid": it is issued when the payment is credited. */
export function invoicePdf(inv: InvoiceDoc, parties: DocumentParties): Promise<Buffer> {
  const c = inv.currency;
  const number = printed(inv.number);
  const item = [printed(inv.description), '1', displayAmount(inv.totalMicros, c), displayAmount(inv.totalMicros, c), inv.totalMicros.toString()];
  const totals = taxRows(inv.totalMicros, parties.issuer, 'Total').map(([l, v]) => ['', '', l, displayAmount(v, c), v.toString()]);
  return renderPdf({
    title: 'Invoice',
    at: inv.issuedAt.toISOString(),
    logo: parties.issuer.logo,
    issuer: issuerLines(parties.issuer),
    meta: [
      ['Number', number],
      ['Issue date', day(inv.issuedAt)],
      ['Status', `Paid ${day(inv.issuedAt)}`],
      ...(inv.reference ? ([['Payment', printed(inv.reference)]] as [string, string][]) : []),
    ],
    customer: customerLines(parties.customer),
    tables: [
      {
        title: 'Items',
        columns: [
          { header: 'Description', width: 215 },
          { header: 'Qty', width: 40, align: 'right' },
          { header: `Unit price (${c})`, width: 80, align: 'right' },
          { header: `Amount (${c})`, width: 80, align: 'right' },
          { header: 'Micro-units', width: 90, align: 'right' },
        ],
        rows: [item],
        totals,
        empty: '',
      },
    ],
    notes: [
      `Paid in full: the payment was credited to the prepaid balance of account ${parties.customer.accountId}.`,
      ...taxNote(parties.issuer),
      roundingNote(c),
    ],
    footer: `Invoice ${number} · ${printed(parties.issuer.name)}`,
  });
}

/**
 * What a statement says about payment. Tollgate is prepaid (usage is paid from the balance as it
 * happens), so a statement asks for money only when its closing balance is negative.
 */
export function statementStatus(s: Pick<StatementData, 'closing' | 'currency'>, periodEnded: boolean): string {
  if (!periodEnded) return 'Provisional: period not yet ended';
  if (s.closing < 0n) return `Due: ${displayAmount(-s.closing, s.currency)} ${s.currency}`;
  return 'For information: paid from prepaid balance';
}

/** Monthly statement: opening + credits − debits = closing, with the lines that make up each figure. */
export function statementPdf(s: StatementData, parties: DocumentParties, number: string, now = new Date()): Promise<Buffer> {
  return renderPdf(statementSpec(s, parties, number, now));
}

export function statementSpec(s: StatementData, parties: DocumentParties, number: string, now: Date): PdfSpec {
  const c = s.currency;
  const { from, to } = monthRange(s.month, s.timeZone);
  const ended = now >= to;
  const issued = statementIssuedAt(s.month, now, s.timeZone);
  const zone = s.timeZone === 'UTC' ? '' : ` (${printed(s.timeZone)})`;
  const usageTotal = s.usage.reduce((sum, u) => sum + u.cost, 0n);
  const otherDebits = s.debits.reduce((sum, d) => sum + d.amount, 0n);
  return {
    title: 'Statement',
    at: issued.toISOString(),
    logo: parties.issuer.logo,
    issuer: issuerLines(parties.issuer),
    meta: [
      ['Number', printed(number)],
      ['Issue date', day(issued)],
      ['Period', `${dayIn(from, s.timeZone)} to ${dayIn(new Date(to.getTime() - 1), s.timeZone)}${zone}`],
      ['Status', statementStatus(s, ended)],
    ],
    customer: customerLines(parties.customer),
    tables: [
      amountsTable('Summary', c, [
        ['Opening balance', s.opening],
        ['Credits', s.creditsTotal],
        ['Refunds', s.refundsTotal],
        ['Debits', s.debitsTotal],
        ['Closing balance', s.closing],
      ]),
      usageTable(s, usageTotal),
      entriesTable({ title: 'Credits', entries: s.credits, currency: c, totalLabel: 'Total credits', total: s.creditsTotal, empty: 'No credits this period.' }),
      entriesTable({
        title: 'Refunds',
        entries: refundLines(s),
        currency: c,
        totalLabel: 'Total refunds',
        total: s.refundsTotal,
        empty: 'No refunds this period.',
      }),
      entriesTable({
        title: 'Other debits (adjustments, expired promotional credit)',
        entries: s.debits,
        currency: c,
        totalLabel: 'Total other debits',
        total: otherDebits,
        empty: 'No other debits this period.',
      }),
      amountsTable('Total', c, [['Usage', usageTotal], ['Other debits', otherDebits], ...taxRows(s.debitsTotal, parties.issuer, 'Total debits')]),
    ],
    notes: [
      'Tollgate is prepaid: usage is paid from the balance as it happens, so a statement is for information unless its closing balance is negative (then that amount is due).',
      `The period and the usage days are the calendar of ${printed(s.timeZone)}; each call is dated by when it happened, and listed times are UTC. Closing balance = opening + credits + refunds − debits; each refund has its own credit note.`,
      'Unit prices are per million tokens; "various" where more than one price applied to a line (a price change that day, or prices per provider), or where a call\'s request log was deleted and only its ledger debit remains.',
      ...taxNote(parties.issuer),
      roundingNote(c),
    ],
    footer: `Statement ${printed(number)} · ${printed(parties.customer.name)} · ${printed(parties.issuer.name)}`,
  };
}

const USAGE_COLUMNS = (c: string): DocColumn[] => [
  { header: 'Date', width: 44 },
  { header: 'Model', width: 80 },
  { header: 'Requests', width: 38, align: 'right' },
  { header: 'Input tokens', width: 46, align: 'right' },
  { header: 'Cached input', width: 44, align: 'right' },
  { header: 'Output tokens', width: 46, align: 'right' },
  { header: 'Input / 1M', width: 40, align: 'right' },
  { header: 'Cached / 1M', width: 40, align: 'right' },
  { header: 'Output / 1M', width: 40, align: 'right' },
  { header: `Amount (${c})`, width: 40, align: 'right' },
  { header: 'Micro-units', width: 47, align: 'right' },
];

function usageTable(s: StatementData, total: bigint): DocTable {
  const c = s.currency;
  const all = s.usage.map((u) => {
    const rates = u.rates ? [displayRate(u.rates.input), displayRate(u.rates.cached), displayRate(u.rates.output)] : ['various', 'various', 'various'];
    return [
      u.day,
      printed(u.model),
      displayCount(u.requests),
      displayCount(u.promptTokens),
      displayCount(u.cachedTokens),
      displayCount(u.completionTokens),
      ...rates,
      displayAmount(u.cost, c),
      u.cost.toString(),
    ];
  });
  const sum = (f: (u: StatementData['usage'][number]) => bigint) => displayCount(s.usage.reduce((a, u) => a + f(u), 0n));
  const { rows, note } = capped(all, 'usage lines');
  return {
    title: 'Usage by day and model',
    columns: USAGE_COLUMNS(c),
    rows,
    totals: [
      [
        '',
        'Usage subtotal',
        sum((u) => u.requests),
        sum((u) => u.promptTokens),
        sum((u) => u.cachedTokens),
        sum((u) => u.completionTokens),
        '',
        '',
        '',
        displayAmount(total, c),
        total.toString(),
      ],
    ],
    empty: 'No usage this period.',
    note,
  };
}

/** Refund lines as statement entries: the credit note's number and the reason as the reference. */
const refundLines = (s: StatementData): StatementData['credits'] =>
  s.refunds.map((r) => ({ at: r.at, kind: 'refund', amount: r.amount, reference: [r.creditNote, r.reason].filter(Boolean).join(': ') || null }));

interface EntriesTable {
  title: string;
  entries: StatementData['credits'];
  /** The ledger's currency code. */
  currency: string;
  totalLabel: string;
  total: bigint;
  /** Shown instead of the table when there are no entries. */
  empty: string;
}

function entriesTable({ title, entries, currency: c, totalLabel, total, empty }: EntriesTable): DocTable {
  const { rows, note } = capped(
    entries.map((e) => [minute(e.at), kindLabel(e.kind), e.reference ? printed(e.reference) : '', displayAmount(e.amount, c), e.amount.toString()]),
    'entries',
  );
  return {
    title,
    columns: [
      { header: 'Date', width: 80 },
      { header: 'Kind', width: 70 },
      { header: 'Reference', width: 205 },
      { header: `Amount (${c})`, width: 70, align: 'right' },
      { header: 'Micro-units', width: 80, align: 'right' },
    ],
    rows,
    totals: [['', '', totalLabel, displayAmount(total, c), total.toString()]],
    empty,
    note,
  };
}
