/**
 * CSV writing (RFC 4180): fields holding a comma, a double quote, CR or LF are quoted, quotes doubled, records end
 * with CRLF. Spreadsheet formula injection (CWE-1236) is guarded: a text cell starting with `=`, `+`, `-`, `@`, a
 * tab or a CR is prefixed with `'`, so a file path or rule message from the repository never runs as a formula.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  let s: string;
  if (typeof value === 'number') s = Number.isFinite(value) ? String(value) : '';
  else s = String(value);
  // Numbers are written as numbers (a negative number is not text a spreadsheet would run); text is guarded.
  if (typeof value !== 'number' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: ReadonlyArray<string | number | boolean | undefined | null>): string {
  return cells.map(csvCell).join(',');
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | undefined | null>>): string {
  return [csvRow(header), ...rows.map(csvRow)].map((l) => l + '\r\n').join('');
}
