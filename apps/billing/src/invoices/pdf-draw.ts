import type PDFKit from 'pdfkit';
import { pageLabel, paginate } from './layout';
import type { DocLine, DocTable, PdfSpec } from './pdf-spec';

/** Page geometry (A4, points). Content runs from TOP to BOTTOM; the footer sits below BOTTOM. */
export const PAGE = { width: 595.28, height: 841.89, margin: 45 } as const;
const LEFT = PAGE.margin;
const WIDTH = PAGE.width - 2 * PAGE.margin;
const TOP = PAGE.margin;
const BOTTOM = PAGE.height - 60;
const FOOTER_Y = PAGE.height - 40;

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const TABLE_SIZE = 7;
const PAD_X = 3;
const PAD_Y = 2.5;
const INK = '#111111';
const MUTED = '#555555';
const RULE = '#c8c8c8';
const HEADER_FILL = '#ececec';

type Doc = PDFKit.PDFDocument;

/** Lays a whole document out on `doc` (created with bufferPages so the page count is known at the end). */
export function drawDocument(doc: Doc, spec: PdfSpec): void {
  let y = drawHeader(doc, spec);
  y = drawBlock(doc, { heading: 'Bill to', lines: spec.customer, x: LEFT, y: y + 14, width: WIDTH / 2 });
  for (const table of spec.tables) y = drawTable(doc, table, y + 16);
  drawNotes(doc, spec.notes, y + 14);
  drawFooters(doc, spec.footer);
}

function drawHeader(doc: Doc, spec: PdfSpec): number {
  let left: number = TOP;
  if (spec.logo) {
    doc.image(Buffer.from(spec.logo.bytes), LEFT, TOP, { fit: [150, 48] });
    left += 56;
  }
  left = drawBlock(doc, { heading: null, lines: spec.issuer, x: LEFT, y: left, width: WIDTH / 2 - 10 });
  const rightX = LEFT + WIDTH / 2 + 10;
  const rightW = WIDTH / 2 - 10;
  doc.font(BOLD).fontSize(22).fillColor(INK).text(spec.title, rightX, TOP, { width: rightW, align: 'right' });
  let right = TOP + 34;
  for (const [label, value] of spec.meta) {
    doc.font(BOLD).fontSize(8.5).fillColor(MUTED).text(label, rightX, right, { width: 70 });
    doc
      .font(FONT)
      .fillColor(INK)
      .text(value, rightX + 72, right, { width: rightW - 72, align: 'right' });
    right = doc.y + 2;
  }
  const bottom = Math.max(left, right) + 8;
  doc
    .moveTo(LEFT, bottom)
    .lineTo(LEFT + WIDTH, bottom)
    .lineWidth(0.8)
    .strokeColor(RULE)
    .stroke();
  return bottom;
}

/** A party's block (issuer or customer): an optional small heading, then its lines. Returns the y below it. */
function drawBlock(doc: Doc, block: { heading: string | null; lines: DocLine[]; x: number; y: number; width: number }): number {
  const { heading, lines, x, width } = block;
  let at = block.y;
  if (heading) {
    doc.font(BOLD).fontSize(8).fillColor(MUTED).text(heading.toUpperCase(), x, at, { width, characterSpacing: 0.5 });
    at = doc.y + 2;
  }
  for (const line of lines) {
    doc
      .font(line.bold ? BOLD : FONT)
      .fontSize(line.bold ? 10.5 : 9)
      .fillColor(INK)
      .text(line.text, x, at, { width });
    at = doc.y + 1;
  }
  return at;
}

interface Row {
  cells: string[];
  bold: boolean;
}

function rowHeight(doc: Doc, table: DocTable, row: Row): number {
  doc.font(row.bold ? BOLD : FONT).fontSize(TABLE_SIZE);
  const heights = row.cells.map((text, i) => doc.heightOfString(text || ' ', { width: table.columns[i].width - 2 * PAD_X }));
  return Math.max(...heights) + 2 * PAD_Y;
}

/** A table row at `y`, `height` tall, on an optional background `fill`, ruled below. */
function drawRow(doc: Doc, table: DocTable, place: { row: Row; y: number; height: number; fill?: string }): void {
  const { row, y, height, fill } = place;
  if (fill) doc.rect(LEFT, y, WIDTH, height).fill(fill);
  let x = LEFT;
  doc
    .font(row.bold ? BOLD : FONT)
    .fontSize(TABLE_SIZE)
    .fillColor(INK);
  row.cells.forEach((text, i) => {
    const col = table.columns[i];
    doc.text(text, x + PAD_X, y + PAD_Y, { width: col.width - 2 * PAD_X, align: col.align ?? 'left' });
    x += col.width;
  });
  doc
    .moveTo(LEFT, y + height)
    .lineTo(LEFT + WIDTH, y + height)
    .lineWidth(0.4)
    .strokeColor(RULE)
    .stroke();
}

function newPage(doc: Doc): number {
  doc.addPage();
  return TOP;
}

function drawTitle(doc: Doc, title: string, y: number): number {
  doc.font(BOLD).fontSize(10.5).fillColor(INK).text(title, LEFT, y, { width: WIDTH });
  return doc.y + 4;
}

/** A table from `y`: title, header, rows in page slices (the header repeated), totals, note. */
function drawTable(doc: Doc, table: DocTable, y: number): number {
  const titleHeight = 17;
  if (table.rows.length === 0) {
    const at = y + titleHeight + 14 > BOTTOM ? newPage(doc) : y;
    const below = drawTitle(doc, table.title, at);
    doc.font(FONT).fontSize(8).fillColor(MUTED).text(table.empty, LEFT, below, { width: WIDTH });
    return doc.y;
  }
  const header: Row = { cells: table.columns.map((c) => c.header), bold: true };
  const rows: Row[] = [...table.rows.map((cells) => ({ cells, bold: false })), ...(table.totals ?? []).map((cells) => ({ cells, bold: true }))];
  const headerHeight = rowHeight(doc, table, header);
  const heights = rows.map((r) => rowHeight(doc, table, r));
  const slices = paginate({
    rowHeights: heights,
    firstRoom: BOTTOM - y,
    pageRoom: BOTTOM - TOP,
    headerHeight,
    leadHeight: titleHeight,
    tailRows: table.totals?.length ?? 0,
    keepTogether: table.keepTogether,
  });
  let at = y;
  slices.forEach((slice, n) => {
    if (slice.newPage) at = newPage(doc);
    at = drawTitle(doc, n === 0 ? table.title : `${table.title} (continued)`, at);
    drawRow(doc, table, { row: header, y: at, height: headerHeight, fill: HEADER_FILL });
    at += headerHeight;
    for (let i = slice.start; i < slice.end; i++) {
      drawRow(doc, table, { row: rows[i], y: at, height: heights[i] });
      at += heights[i];
    }
  });
  if (table.note) at = drawSmall(doc, table.note, at + 4);
  return at;
}

function drawSmall(doc: Doc, text: string, y: number): number {
  doc.font(FONT).fontSize(7.5);
  const at = y + doc.heightOfString(text, { width: WIDTH }) > BOTTOM ? newPage(doc) : y;
  doc.fillColor(MUTED).text(text, LEFT, at, { width: WIDTH });
  return doc.y + 3;
}

function drawNotes(doc: Doc, notes: string[], y: number): void {
  let at = y;
  for (const note of notes) at = drawSmall(doc, note, at);
}

/** "Page x of y" on every page, once the page count is known. */
function drawFooters(doc: Doc, footer: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits in the margin: keep pdfkit from starting a page for it
    doc
      .moveTo(LEFT, FOOTER_Y - 5)
      .lineTo(LEFT + WIDTH, FOOTER_Y - 5)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
    doc
      .font(FONT)
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(footer, LEFT, FOOTER_Y, { width: WIDTH - 90, lineBreak: false, ellipsis: true });
    doc.text(pageLabel(i - range.start + 1, range.count), LEFT + WIDTH - 90, FOOTER_Y, { width: 90, align: 'right', lineBreak: false });
  }
}
