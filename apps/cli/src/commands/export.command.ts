import { orderStatementView, statementsWithDoc, statementViewSchema, type StatementView } from '@app/stances';
import { leavesOf, valueAt } from '@app/statements';
import type { CliContext } from '../cli.js';

const PAGE = 1000;

/**
 * Every column of the CSV: the Statement's values in its field order, nested fields
 * dotted; the sources (a list) as `sourceCount`, the primary one's fields being `source.*`.
 */
const COLUMNS = leavesOf(statementViewSchema).map(({ path }) =>
  path.length === 1 && path[0] === 'sources'
    ? { header: 'sourceCount', value: (view: StatementView) => view.sources.length }
    : { header: path.join('.'), value: (view: StatementView) => valueAt(view, path) },
);
export const CSV_COLUMNS = COLUMNS.map(({ header }) => header);

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(view: StatementView): string {
  return COLUMNS.map(({ value }) => csvCell(value(view))).join(',');
}

/** Streams every statement's current version in recording order, a page at a time (constant memory). */
export async function exportStatements({ runtime, out, log }: CliContext, format: 'jsonl' | 'csv'): Promise<number> {
  if (format === 'csv') await out(CSV_COLUMNS.join(',') + '\r\n');
  let after = 0;
  let count = 0;
  for (;;) {
    const { rows } = await runtime.pool.query<{ doc: StatementView; record_log_position: string }>(
      `SELECT doc, record_log_position FROM ${statementsWithDoc()} s WHERE record_log_position > $1 ORDER BY record_log_position LIMIT $2`,
      [after, PAGE],
    );
    if (rows.length === 0) break;
    let chunk = '';
    for (const row of rows) {
      const view = orderStatementView(row.doc);
      chunk += format === 'jsonl' ? JSON.stringify(view) + '\n' : csvRow(view) + '\r\n';
    }
    await out(chunk);
    count += rows.length;
    after = Number(rows[rows.length - 1].record_log_position);
  }
  log(`export: ${count} statements`);
  return 0;
}
