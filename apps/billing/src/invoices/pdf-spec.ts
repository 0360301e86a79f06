import { clip } from '../money/text';

/** A line of a text block; the first line of a party block is usually its name, in bold. */
export interface DocLine {
  text: string;
  bold?: boolean;
}

export interface DocColumn {
  header: string;
  /** Points; a table's widths add up to the page's text width (CONTENT_WIDTH). */
  width: number;
  align?: 'left' | 'right';
}

/** A table that paginates: rows are never split and the header row repeats on every page. */
export interface DocTable {
  title: string;
  columns: DocColumn[];
  rows: string[][];
  /** Printed in place of rows when there are none. */
  empty: string;
  /** Bold rows after the last one (subtotals, totals), kept on the last page with it. */
  totals?: string[][];
  /** A sentence under the table (e.g. that rows were left out, and where to find them). */
  note?: string;
  /** Moves whole to a new page rather than break (short summaries). */
  keepTogether?: boolean;
}

/** A document as plain data, so that it can be laid out in a worker thread. `at` (ISO) is its fixed creation date. */
export interface PdfSpec {
  /** "Statement", "Invoice", "Credit note". */
  title: string;
  at: string;
  logo: { bytes: Uint8Array; format: 'png' | 'jpeg' } | null;
  issuer: DocLine[];
  /** Label and value pairs under the title: number, issue date, period, status. */
  meta: [string, string][];
  customer: DocLine[];
  tables: DocTable[];
  /** Small print after the tables. */
  notes: string[];
  /** Left of "Page x of y" at the foot of every page. */
  footer: string;
}

/** The text width of an A4 page with the documents' margins: column widths add up to this. */
export const CONTENT_WIDTH = 505;

/**
 * The most characters of one field printed in a document. pdfkit's line breaking takes time that
 * grows with the square of an unbroken word's length (40,000 characters: seconds), so every
 * variable field is cut to this before it is printed.
 */
export const PRINT_MAX_CHARS = 200;

/**
 * The most rows one table prints. Past it the table says how many lines were left out; its totals
 * still cover every line, and the CSV export has them all. Keeps a document quick to lay out and
 * within the message bus's largest reply.
 */
export const MAX_TABLE_ROWS = 2000;

export const printed = (s: string): string => clip(s, PRINT_MAX_CHARS);
