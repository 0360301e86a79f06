/**
 * The pure arithmetic of a document's layout: where tables break across pages, and how exact
 * micro-unit amounts are shown rounded. No pdfkit here, so it is unit-tested directly.
 */

import { minorDigits } from '../money/money';

/** Where each page's slice of a table starts and ends (row indexes, end exclusive). */
export interface TableSlice {
  /** True when the slice starts on a fresh page (the table, or its continuation, moved on). */
  newPage: boolean;
  start: number;
  end: number;
}

export interface PaginateInput {
  /** Height of every row, measured by the renderer. */
  rowHeights: number[];
  /** Room left on the page where the table starts. */
  firstRoom: number;
  /** Room on a fresh page. */
  pageRoom: number;
  /** Height of the header row, printed at the top of every slice. */
  headerHeight: number;
  /** Height of what comes before the header on every page (the table's title, then "(continued)"), kept with it. */
  leadHeight: number;
  /** Trailing rows (totals) that never start a page alone: the last ordinary row goes with them. */
  tailRows?: number;
  /** A short table (a summary) moves whole to a new page rather than break, when it fits on one. */
  keepTogether?: boolean;
}

/**
 * Splits a table into page slices: a row is never split, the title and header row repeat on every page, and
 * the title, the header and at least one row stay together (else the table starts on a new page).
 * A row taller than a whole page gets a page of its own rather than being dropped.
 */
export function paginate({ rowHeights, firstRoom, pageRoom, headerHeight, leadHeight, tailRows = 0, keepTogether = false }: PaginateInput): TableSlice[] {
  const slices: TableSlice[] = [];
  const whole = leadHeight + headerHeight + rowHeights.reduce((a, h) => a + h, 0);
  const firstRow = keepTogether && whole <= pageRoom ? whole - leadHeight - headerHeight : (rowHeights[0] ?? 0);
  let newPage = leadHeight + headerHeight + firstRow > firstRoom;
  let room = (newPage ? pageRoom : firstRoom) - leadHeight - headerHeight;
  let start = 0;
  for (let i = 0; i < rowHeights.length; i++) {
    if (rowHeights[i] > room && i > start) {
      slices.push({ newPage, start, end: i });
      newPage = true;
      start = i;
      room = pageRoom - leadHeight - headerHeight;
    }
    room -= rowHeights[i];
  }
  slices.push({ newPage, start, end: rowHeights.length });
  // Totals alone on a page: take the last ordinary row along (the page before then has one row less).
  const last = slices[slices.length - 1];
  const firstTail = rowHeights.length - tailRows;
  if (slices.length > 1 && tailRows > 0 && last.start >= firstTail && firstTail > 0 && slices[slices.length - 2].end - slices[slices.length - 2].start > 1) {
    last.start = firstTail - 1;
    slices[slices.length - 2].end = firstTail - 1;
  }
  return slices;
}

const grouped = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * Micro-units shown in the currency's usual precision, rounded half away from zero:
 * 1_234_565n USD → "1.23", 1_235_000n → "1.24", 1_234_567_890n → "1,234.57", JPY 1_500_000n → "2".
 */
export function displayAmount(micros: bigint, currency: string): string {
  const digits = minorDigits(currency);
  const step = 10n ** BigInt(6 - digits);
  const neg = micros < 0n;
  const abs = neg ? -micros : micros;
  const minor = (abs + step / 2n) / step;
  const unit = 10n ** BigInt(digits);
  const whole = grouped((minor / unit).toString());
  const frac = digits ? `.${(minor % unit).toString().padStart(digits, '0')}` : '';
  return `${neg && minor > 0n ? '-' : ''}${whole}${frac}`;
}

/** An integer with thousands separators (token counts, requests). */
export const displayCount = (n: bigint | number): string => grouped(BigInt(n).toString());

/** A price per million tokens (micro-units): at least two decimals, more only when they matter: 1_500_000 → "1.50", 123_457 → "0.123457". */
export function displayRate(microsPerMillion: bigint): string {
  const whole = microsPerMillion / 1_000_000n;
  const frac = (microsPerMillion % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '').padEnd(2, '0');
  return `${grouped(whole.toString())}.${frac}`;
}

/**
 * Ledger amounts include tax: a total splits into net + tax with the tax rounded to the micro-unit
 * (half up), so net + tax = total exactly and the document still reconciles with the ledger.
 */
export function taxSplit(totalMicros: bigint, rateBps: number): { net: bigint; tax: bigint } {
  if (rateBps <= 0) return { net: totalMicros, tax: 0n };
  const bps = BigInt(rateBps);
  const num = totalMicros * bps;
  const den = 10_000n + bps;
  const tax = num >= 0n ? (2n * num + den) / (2n * den) : -((2n * -num + den) / (2n * den));
  return { net: totalMicros - tax, tax };
}

/** "20 %", "7.5 %" from basis points. */
export const displayPercent = (bps: number): string => `${(bps / 100).toString()} %`;

export const pageLabel = (page: number, pages: number): string => `Page ${page} of ${pages}`;
