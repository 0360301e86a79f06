/** RFC 4180 CSV: fields quoted when needed, CRLF line ends; cells that a spreadsheet would run as formulas are defused. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | bigint)[])[]): string {
  return [header, ...rows].map(csvLine).join('\r\n') + '\r\n';
}

/** One CSV line, without its line end. */
export function csvLine(row: readonly (string | number | boolean | null | bigint)[]): string {
  return row.map(cell).join(',');
}

function cell(v: string | number | boolean | null | bigint): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
