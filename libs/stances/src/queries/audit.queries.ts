import { leavesOf, STATEMENT_FIELD_PATHS, valueAt } from '@app/statements';
import type pg from 'pg';
import { LIVE_TABLES } from '../read-model-tables.js';
import { statementViewSchema, type StatementView } from '../statement-view.js';

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface AuditEntry {
  logPosition: number;
  recordedAt: string;
  recordedBy: string;
  type: string;
  statementId: string;
  country: string;
  topic: string;
  /** The stance key's holder and target after the change (a change that moves the key is found by either side's). */
  holder: string;
  target: string | null;
  reason: string | null;
  changes: FieldChange[];
}

export interface AuditFilter {
  country?: string;
  topic?: string;
  holder?: string;
  /** null: changes of statements without a target. */
  target?: string | null;
  /** The API key name behind the change. */
  recordedBy?: string;
  statementId?: string;
  /** Event types: any of them. */
  type?: string[];
  /** Over recordedAt, inclusive. */
  from?: string;
  to?: string;
  after: number;
  limit: number;
}

const CONTENT_PATHS = new Set(STATEMENT_FIELD_PATHS.map((path) => path.join('/')));

/**
 * The statement fields an analyst can set, as paths and as JSON Pointers, in the Statement's
 * order: the content's, and the primary source's as v1 named them (`/source/url`, …) beside
 * `/sources`, so a v1 reader of the change log still finds a source's change where it was.
 */
const FIELDS = leavesOf(statementViewSchema)
  .filter(({ path }) => CONTENT_PATHS.has(path.join('/')) || path[0] === 'source')
  .map(({ path }) => ({ path, pointer: `/${path.join('/')}` }));
export const STATEMENT_FIELDS = FIELDS.map(({ pointer }) => pointer);

function at(doc: StatementView | null, path: readonly string[]): unknown {
  return doc ? (valueAt(doc, path) ?? null) : null;
}

/** Old and new value of every field a version changed (a recording: every field, old null). */
export function diffVersions(previous: StatementView | null, current: StatementView): FieldChange[] {
  const changes = FIELDS.map(({ path, pointer }) => ({ field: pointer, old: at(previous, path), new: at(current, path) })).filter(
    (change) => previous === null || JSON.stringify(change.old) !== JSON.stringify(change.new),
  );
  if (previous && previous.status !== current.status) changes.push({ field: '/status', old: previous.status, new: current.status });
  return changes;
}

/**
 * The reviewer's change log: who recorded, corrected or retracted which statement, when,
 * why, with old and new values. Built from consecutive versions, joined to the log for
 * each event's type, reason and metadata.
 */
export async function auditChanges(pool: pg.Pool, filter: AuditFilter): Promise<{ items: AuditEntry[]; nextAfter: number | null }> {
  const params: unknown[] = [filter.after];
  const where = ['v.log_position > $1'];
  /** `sql` with its value as the next placeholder (`$n` in it stands for that placeholder). */
  const add = (value: unknown, sql: string) => {
    params.push(value);
    where.push(sql.replaceAll('$n', `$${params.length}`));
  };
  // The stance key's parts match the statement before or after the change: a change that moves it is found from both keys.
  for (const column of ['country', 'topic', 'holder', 'target'] as const) {
    const value = filter[column];
    // (A recording has no previous version: its missing `p` row says nothing of a target.)
    if (value === null) where.push(`(v.${column} IS NULL OR (p.statement_id IS NOT NULL AND p.${column} IS NULL))`);
    else if (value !== undefined) add(value, `(v.${column} = $n OR p.${column} = $n)`);
  }
  if (filter.recordedBy !== undefined) add(filter.recordedBy, `e.metadata->>'recordedBy' = $n`);
  if (filter.statementId !== undefined) add(filter.statementId, `v.statement_id = $n::uuid`);
  if (filter.type !== undefined) add(filter.type, `e.type = ANY($n::text[])`);
  if (filter.from !== undefined) add(filter.from, `v.recorded_from >= $n::timestamptz`);
  if (filter.to !== undefined) add(filter.to, `v.recorded_from <= $n::timestamptz`);
  params.push(filter.limit + 1);
  const { rows } = await pool.query<{
    log_position: string;
    doc: StatementView;
    previous: StatementView | null;
    type: string;
    reason: string | null;
    recorded_by: string;
    recorded_at: string;
  }>(
    `SELECT v.log_position, v.doc, p.doc AS previous, e.type, e.data->>'reason' AS reason,
            e.metadata->>'recordedBy' AS recorded_by, e.metadata->>'recordedAt' AS recorded_at
       FROM ${LIVE_TABLES.versions} v
       LEFT JOIN ${LIVE_TABLES.versions} p ON p.statement_id = v.statement_id AND p.revision = v.revision - 1
       JOIN events e ON e.log_position = v.log_position
      WHERE ${where.join(' AND ')}
      ORDER BY v.log_position
      LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map((row) => ({
      logPosition: Number(row.log_position),
      recordedAt: row.recorded_at,
      recordedBy: row.recorded_by,
      type: row.type,
      statementId: row.doc.statementId,
      country: row.doc.actor.country ?? row.doc.holder,
      topic: row.doc.topic,
      holder: row.doc.holder,
      target: row.doc.target,
      reason: row.reason,
      changes: diffVersions(row.previous, row.doc),
    })),
    nextAfter: rows.length > filter.limit ? Number(page[page.length - 1].log_position) : null,
  };
}
