import type pg from 'pg';
import { LIVE_TABLES, statementsWithDoc } from '../read-model-tables.js';
import { orderStatementView, type StatementView } from '../statement-view.js';

export interface StatementFilter {
  country?: string;
  topic?: string;
  target?: string | null;
  utteranceId?: string;
  status?: 'active' | 'retracted';
  /** Over statedFrom, inclusive. */
  from?: string;
  to?: string;
  knownAt?: string;
  limit: number;
  cursor?: StatementCursor;
}

/** Where the previous page ended: (statedFrom, recording logPosition) of its last item. */
export interface StatementCursor {
  statedFrom: string;
  recordLogPosition: number;
}

export interface StatementPage {
  items: StatementView[];
  nextCursor: StatementCursor | null;
}

function versionsKnownAt(knownAt: string, params: unknown[]): string {
  params.push(knownAt);
  const at = `$${params.length}::timestamptz`;
  return `(SELECT * FROM ${LIVE_TABLES.versions} WHERE recorded_from <= ${at} AND (recorded_to IS NULL OR recorded_to > ${at})) s`;
}

export async function getStatement(pool: pg.Pool, statementId: string, knownAt?: string): Promise<StatementView | null> {
  const params: unknown[] = [];
  const from = knownAt ? versionsKnownAt(knownAt, params) : `${statementsWithDoc()} s`;
  params.push(statementId);
  const { rows } = await pool.query<{ doc: StatementView }>(`SELECT s.doc FROM ${from} WHERE s.statement_id = $${params.length}::uuid`, params);
  return rows[0] ? orderStatementView(rows[0].doc) : null;
}

/** Newest statedFrom first; ties by recording order, newest first; keyset-paginated. */
export async function listStatements(pool: pg.Pool, filter: StatementFilter): Promise<StatementPage> {
  const params: unknown[] = [];
  const from = filter.knownAt ? versionsKnownAt(filter.knownAt, params) : `${statementsWithDoc()} s`;
  const where: string[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.country !== undefined) add((p) => `s.country = ${p}`, filter.country);
  if (filter.topic !== undefined) add((p) => `s.topic = ${p}`, filter.topic);
  if (filter.target === null) where.push('s.target IS NULL');
  else if (filter.target !== undefined) add((p) => `s.target = ${p}`, filter.target);
  if (filter.utteranceId !== undefined) add((p) => `s.utterance_id = ${p}::uuid`, filter.utteranceId);
  if (filter.status !== undefined) add((p) => `s.status = ${p}`, filter.status);
  if (filter.from !== undefined) add((p) => `s.stated_from >= ${p}::timestamptz`, filter.from);
  if (filter.to !== undefined) add((p) => `s.stated_from <= ${p}::timestamptz`, filter.to);
  if (filter.cursor) {
    params.push(filter.cursor.statedFrom, filter.cursor.recordLogPosition);
    where.push(`(s.stated_from, s.record_log_position) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
  }
  params.push(filter.limit + 1);
  const { rows } = await pool.query<{ doc: StatementView; stated_from: Date; record_log_position: string }>(
    `SELECT s.doc, s.stated_from, s.record_log_position FROM ${from}
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY s.stated_from DESC, s.record_log_position DESC
      LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => orderStatementView(row.doc)),
    nextCursor: rows.length > filter.limit && last ? { statedFrom: last.stated_from.toISOString(), recordLogPosition: Number(last.record_log_position) } : null,
  };
}
