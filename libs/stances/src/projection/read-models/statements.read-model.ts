import { CONTENT_COLUMNS, contentColumns, isStatementEvent } from '@app/statements';
import type pg from 'pg';
import type { ReadModelTables } from '../../read-model-tables.js';
import { type StatementView } from '../../statement-view.js';
import { applyStatementEvent, type ProjectedStatement } from '../projected-statement.js';
import { insertRows, textArray, withJsonRows, type Column, type Sql } from '../sql-script.js';
import type { BatchContext, BatchState, EventStep, ProjectedEvent, ReadModel, ReadModelBatch, ReadModelWrites } from './read-model.js';

/** The typed columns `statements` and `statement_versions` share: what a statement is filtered and ordered by. */
interface StatementColumns {
  statement_id: string;
  revision: number;
  status: string;
  /** The content's typed columns (country, topic, …): declared on the statement schema. */
  [contentColumn: string]: unknown;
  stated_from: string;
  record_log_position: number;
  /** logPosition of the statement's latest event (of this version's event, in a version). */
  log_position: number;
}

interface StatementRow extends StatementColumns {
  stated_at: string;
}

/** A source's publisher of a current version, for the present's `publisher` filter (migration 1765100000000). */
interface PublisherRow {
  statement_id: string;
  /** The source's index in `sources`. */
  source: number;
  publisher: string;
  stated_from: string;
  record_log_position: number;
}

interface VersionRow extends StatementColumns {
  recorded_from: string;
  recorded_to: string | null;
  /** logPosition of the statement's next event: the version is current before it. */
  superseded_at: number | null;
  doc: StatementView;
}

function statementColumns(statement: ProjectedStatement): StatementColumns {
  return {
    statement_id: statement.view.statementId,
    revision: statement.view.revision,
    status: statement.view.status,
    ...contentColumns(statement.view),
    stated_from: statement.statedFrom,
    record_log_position: statement.recordLogPosition,
    log_position: statement.logPosition ?? statement.recordLogPosition,
  };
}

type ClosedVersion = { statement_id: string; revision: number; recorded_to: string; superseded_at: number };

/**
 * `statements` and `statement_versions`: StatementRecorded inserts a statement and its
 * first version; StatementCorrected and StatementRetracted update the statement in place,
 * close its current version (`recorded_to`, `superseded_at`: their own time and position)
 * and open the next. Each statement is evolved once per event (`applyStatementEvent`), and
 * what it was before and after is handed on to the stances read model.
 */
export const statementsReadModel: ReadModel = {
  name: 'statements',
  handles: new Set(['StatementRecorded', 'StatementCorrected', 'StatementRetracted']),
  begin: (events, context) => new StatementsBatch(events, context),
};

class StatementsBatch implements ReadModelBatch {
  readonly read: string | null;
  private readonly ids = new Set<string>();
  private statements = new Map<string, ProjectedStatement>();
  /** What the tables (or the pending batch) hold already: updated; everything else is inserted. */
  private existing = new Set<string>();
  /** The statements this batch changed, as it leaves them. */
  private readonly changed = new Map<string, ProjectedStatement>();
  private readonly newVersions: VersionRow[] = [];
  private readonly closedVersions: ClosedVersion[] = [];
  private readonly versionIndex = new Map<string, VersionRow>();

  constructor(
    events: readonly ProjectedEvent[],
    private readonly context: BatchContext,
  ) {
    const recordedHere = new Set<string>();
    for (const event of events) {
      if (!isStatementEvent(event)) continue;
      const id = event.data.statementId;
      if (event.type === 'StatementRecorded' && !this.ids.has(id)) recordedHere.add(id);
      this.ids.add(id);
    }
    // A statement's stream starts with its recording, so one recorded in this batch is not
    // stored yet — unless the caller may leave that recording out as already applied.
    const pending = context.pending?.statements;
    this.read = loadStatementsSql(
      context.tables,
      [...this.ids].filter((id) => (context.mayBeApplied || !recordedHere.has(id)) && !pending?.has(id)),
    );
  }

  loaded(result: pg.QueryResult | undefined): void {
    if (result) this.statements = statementsOf(result);
    for (const id of this.ids) {
      const known = this.context.pending?.statements.get(id);
      if (known) this.statements.set(id, known);
    }
    this.existing = new Set(this.statements.keys());
  }

  apply(event: ProjectedEvent, step: EventStep): void {
    if (!isStatementEvent(event)) return;
    const id = event.data.statementId;
    const before = this.statements.get(id) ?? null;
    const after = applyStatementEvent(before, event);
    this.statements.set(id, after);
    this.changed.set(id, after);
    step.statement = { before, after };
    if (before) {
      const open = this.versionIndex.get(`${id}:${before.view.revision}`);
      if (open) {
        open.recorded_to = event.metadata.recordedAt;
        open.superseded_at = event.logPosition;
      } else {
        this.closedVersions.push({
          statement_id: id,
          revision: before.view.revision,
          recorded_to: event.metadata.recordedAt,
          superseded_at: event.logPosition,
        });
      }
    }
    const version = versionRow(after, event);
    this.versionIndex.set(`${id}:${after.view.revision}`, version);
    this.newVersions.push(version);
  }

  handOn(state: BatchState): void {
    state.statements = this.changed;
  }

  writes(): ReadModelWrites {
    const recorded: ProjectedStatement[] = [];
    const updated: ProjectedStatement[] = [];
    for (const [id, statement] of this.changed) (this.existing.has(id) ? updated : recorded).push(statement);
    const { tables } = this.context;
    const sql = [
      ...saveStatementsSql(tables, recorded, updated),
      ...savePublishersSql(tables, recorded, updated),
      closeVersionsSql(tables, this.closedVersions),
      insertVersionsSql(tables, this.newVersions),
    ];
    return { sql: sql.filter((statement): statement is Sql => statement !== null) };
  }
}

function versionRow(statement: ProjectedStatement, event: { metadata: { recordedAt: string } }): VersionRow {
  return {
    ...statementColumns(statement),
    recorded_from: event.metadata.recordedAt,
    recorded_to: null,
    superseded_at: null,
    doc: statement.view,
  };
}

function loadStatementsSql(tables: ReadModelTables, ids: string[]): string | null {
  if (ids.length === 0) return null;
  // The current version carries all a statement's state; its primary key finds it.
  return `SELECT doc, stated_from, record_log_position FROM ${tables.versions}
           WHERE statement_id = ANY(${textArray(ids)}::uuid[]) AND superseded_at IS NULL`;
}

function statementsOf(result: pg.QueryResult): Map<string, ProjectedStatement> {
  const map = new Map<string, ProjectedStatement>();
  for (const row of result.rows as { doc: StatementView; stated_from: Date; record_log_position: string }[]) {
    map.set(row.doc.statementId, {
      view: row.doc,
      statedFrom: row.stated_from.toISOString(),
      recordLogPosition: Number(row.record_log_position),
    });
  }
  return map;
}

/** The typed columns the statement schema declares (country, holder, topic, target, position, attribution, modality, utterance_id). */
const CONTENT_SQL_COLUMNS = CONTENT_COLUMNS.map(({ name, sqlType }) => [name, sqlType] as const);

const STATEMENT_COLUMNS: readonly Column<StatementRow>[] = [
  ['statement_id', 'uuid'],
  ['revision', 'int'],
  ['status', 'text'],
  ...CONTENT_SQL_COLUMNS,
  ['stated_from', 'timestamptz'],
  ['stated_at', 'text'],
  ['record_log_position', 'bigint'],
  ['log_position', 'bigint'],
];

function statementRow(statement: ProjectedStatement): StatementRow {
  return { ...statementColumns(statement), stated_at: statement.view.statedAt };
}

const PUBLISHER_COLUMNS: readonly Column<PublisherRow>[] = [
  ['statement_id', 'uuid'],
  ['source', 'int'],
  ['publisher', 'text'],
  ['stated_from', 'timestamptz'],
  ['record_log_position', 'bigint'],
];

function publisherRows(statement: ProjectedStatement): PublisherRow[] {
  return statement.view.sources.flatMap((source, index) =>
    typeof source.publisher === 'string'
      ? [
          {
            statement_id: statement.view.statementId,
            source: index,
            publisher: source.publisher,
            stated_from: statement.statedFrom,
            record_log_position: statement.recordLogPosition,
          },
        ]
      : [],
  );
}

/** The publishers of the statements changed in this batch: those updated lose their previous version's rows first. */
function savePublishersSql(tables: ReadModelTables, recorded: ProjectedStatement[], changed: ProjectedStatement[]): Sql[] {
  const sql: Sql[] = [];
  if (changed.length > 0) {
    sql.push(`DELETE FROM ${tables.publishers} WHERE statement_id = ANY(${textArray(changed.map((statement) => statement.view.statementId))}::uuid[])`);
  }
  const inserts = insertRows(tables.publishers, PUBLISHER_COLUMNS, [...recorded, ...changed].flatMap(publisherRows));
  if (inserts) sql.push(inserts);
  return sql;
}

/** Statements first recorded in this batch are inserted (COPY when many); the others are updated in place. */
function saveStatementsSql(tables: ReadModelTables, recorded: ProjectedStatement[], changed: ProjectedStatement[]): Sql[] {
  const sql: Sql[] = [];
  const inserts = insertRows(tables.statements, STATEMENT_COLUMNS, recorded.map(statementRow));
  if (inserts) sql.push(inserts);
  if (changed.length === 0) return sql;
  const types = STATEMENT_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ');
  const updates = STATEMENT_COLUMNS.filter(([name]) => name !== 'statement_id' && name !== 'record_log_position').map(([name]) => `${name} = s.${name}`);
  sql.push(
    withJsonRows(
      changed.map(statementRow),
      (json) => `UPDATE ${tables.statements} t SET ${updates.join(', ')}
       FROM jsonb_to_recordset(${json}) AS s(${types}) WHERE t.statement_id = s.statement_id`,
    ),
  );
  return sql;
}

function closeVersionsSql(tables: ReadModelTables, rows: ClosedVersion[]): Sql | null {
  if (rows.length === 0) return null;
  return withJsonRows(
    rows,
    (json) => `UPDATE ${tables.versions} v SET recorded_to = c.recorded_to, superseded_at = c.superseded_at
       FROM jsonb_to_recordset(${json}) AS c(statement_id uuid, revision int, recorded_to timestamptz, superseded_at bigint)
      WHERE v.statement_id = c.statement_id AND v.revision = c.revision`,
  );
}

const VERSION_COLUMNS: readonly Column<VersionRow>[] = [
  ['statement_id', 'uuid'],
  ['revision', 'int'],
  ['log_position', 'bigint'],
  ['recorded_from', 'timestamptz'],
  ['recorded_to', 'timestamptz'],
  ['superseded_at', 'bigint'],
  ['status', 'text'],
  ...CONTENT_SQL_COLUMNS,
  ['stated_from', 'timestamptz'],
  ['record_log_position', 'bigint'],
  ['doc', 'jsonb'],
];

function insertVersionsSql(tables: ReadModelTables, rows: VersionRow[]): Sql | null {
  return insertRows(tables.versions, VERSION_COLUMNS, rows);
}
