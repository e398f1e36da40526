/**
 * RFC 4180 text: a cell is quoted when it holds a quote, a comma or a line break (its
 * quotes doubled); null is the empty cell; records end with CRLF.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRecord(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}
