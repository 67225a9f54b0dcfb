/** Plain-text tables for the benchmark's output: columns padded, numbers right-aligned. */
export function textTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, indent = '  '): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => /^[-$~]?[\d,.]+(\s?[%a-zA-Z/]*)?$|^–$/.test(r[i] ?? '')));
  const line = (cells: readonly string[]) =>
    indent +
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), indent + widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** 1234.5 → "1,235"; small numbers keep `digits` decimals. */
export function num(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–';
}

export function dollars(n: number): string {
  if (n === 0) return '$0';
  if (n < 0.01) return `$${n.toPrecision(3)}`;
  return `$${n.toFixed(2)}`;
}
