import { clip } from '../money/text';

/** One printed line: its text, its size in points, bold or not, and whether a blank line comes first. */
export interface PdfLine {
  text: string;
  size: number;
  bold?: boolean;
  gapBefore?: boolean;
}

/** A document as plain data, so that it can be laid out in a worker thread. `at` (ISO) is its fixed creation date. */
export interface PdfSpec {
  title: string;
  at: string;
  lines: PdfLine[];
}

/**
 * The most characters of one field printed in a document. pdfkit's line breaking takes time that
 * grows with the square of an unbroken word's length (40,000 characters: seconds), so every
 * variable field is cut to this before it is printed.
 */
export const PRINT_MAX_CHARS = 200;

export const printed = (s: string): string => clip(s, PRINT_MAX_CHARS);
