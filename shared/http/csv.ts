/**
 * CSV for Excel and for upload into other systems: UTF-8 with a byte-order mark (so Excel reads
 * Chinese right), CRLF line ends, fields quoted when they need it, and text cells that could
 * start a formula made inert.
 */
export type CsvCell = string | number | null | undefined;

export function csvDocument(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  // A cell starting with = + - @ (or a tab or CR) would be run as a formula by a spreadsheet, and
  // so would one whose leading spaces or line breaks the spreadsheet trims first.
  // An international phone (`+85291234567`) is a plain number to a spreadsheet, no formula: kept as it is.
  const inert = /^[\t\r]|^\s*[=+\-@]/.test(value) && !/^\+\d+$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}
