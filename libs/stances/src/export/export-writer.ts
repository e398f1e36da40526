import { csvRecord } from './csv.js';
import type { ExportColumns } from './export-columns.js';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Where an export goes: `begin` once the first rows are read, then each piece of text in order. */
export interface ExportSink {
  begin?(): void;
  /** Resolves once the text may be followed by more (backpressure); false: the reader is gone, stop. */
  write(text: string): Promise<boolean>;
}

function rowsText(format: ExportFormat, { columns, derive }: ExportColumns, rows: readonly object[]): string {
  let text = '';
  for (const row of rows) {
    if (format === 'jsonl') text += JSON.stringify(row) + '\n';
    else {
      const derived = derive(row);
      text += csvRecord(columns.map((column) => column.cell(row, derived)));
    }
  }
  return text;
}

/**
 * Writes an export: JSONL, one served object per line, or CSV (RFC 4180, UTF-8, one header
 * row). The first page is read before `begin`, so a failing query still gets a problem
 * answer rather than a cut-off 200. The CLI and the API both write through this: the same
 * rows give the same bytes. Answers how many rows were written (or null when the reader left).
 */
export async function writeExport(
  format: ExportFormat,
  columns: ExportColumns,
  pages: AsyncIterable<readonly object[]>,
  sink: ExportSink,
): Promise<number | null> {
  const iterator = pages[Symbol.asyncIterator]();
  try {
    let page = await iterator.next();
    sink.begin?.();
    if (format === 'csv' && !(await sink.write(csvRecord(columns.columns.map((column) => column.header))))) return null;
    let count = 0;
    while (!page.done) {
      count += page.value.length;
      if (!(await sink.write(rowsText(format, columns, page.value)))) return null;
      page = await iterator.next();
    }
    return count;
  } finally {
    await iterator.return?.();
  }
}
