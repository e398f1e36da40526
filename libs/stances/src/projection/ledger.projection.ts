import type { RecordedEvent } from '@app/event-store';
import type pg from 'pg';
import type { ReadModelTables } from '../read-model-tables.js';
import { type StatementView } from '../statement-view.js';
import { CONTENT_COLUMNS, contentColumns, toDomainEvent, type OrderedStatement } from '@app/statements';
import { applyStatementEvent, stanceKeyOf, type ProjectedStatement } from './projected-statement.js';
import { DirtyStances, StanceKeys, StoredStances, updateStances } from './current-stance.projection.js';
import { insertRows, runScript, textArray, withJsonRows, type Column, type Sql } from './sql-script.js';

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

export interface TopicRow {
  slug: string;
  title: string;
  description: string | null;
  registered_log_position: number;
  log_position: number;
}

/** What a caller sends along with a batch's own SQL, in the same round trips. */
export interface ApplyOptions {
  /** Sent ahead of the batch's reads, in their round trip (the projector: BEGIN, its lock, the checkpoint). */
  prelude?: string[];
  /** Which of the events to apply, given the prelude's results (the projector: those after the checkpoint). */
  select?: (prelude: pg.QueryResult[]) => RecordedEvent[];
  /** Sent after the batch's last write, in its round trip (the projector: the checkpoint, NOTIFY, COMMIT). */
  epilogue?: (applied: RecordedEvent[]) => string[];
  /**
   * A rebuild collects the stance keys here instead of bringing them up to date in every
   * batch, and recomputes each once at the end (`recomputeStances`, the same code).
   */
  deferStances?: StanceKeys;
  /**
   * State the tables may not show yet: what the previous batch left (`PreparedBatch.state`)
   * while its writes are still in flight. Statements and topics found here are not read.
   */
  pending?: BatchState;
}

/** The statements and topics a batch changed, as it left them. */
export interface BatchState {
  statements: Map<string, ProjectedStatement>;
  topics: Map<string, TopicRow>;
}

/** A batch evolved in memory: what to write, and the state it leaves. */
export interface PreparedBatch {
  applied: RecordedEvent[];
  state: BatchState;
  writes: Sql[];
  dirty: DirtyStances;
  stored: StoredStances;
}

/**
 * Applies a batch of log events to the read models inside the caller's transaction.
 * The same code serves live updates and rebuilds: state is loaded once per batch, evolved
 * in memory event by event, and written back with a handful of set-based statements —
 * two round trips in all (three when a stance needs a full recompute). Returns the
 * events applied.
 */
export async function applyLedgerEvents(
  client: pg.ClientBase,
  tables: ReadModelTables,
  events: RecordedEvent[],
  options: ApplyOptions = {},
): Promise<RecordedEvent[]> {
  const batch = await prepareLedgerBatch(client, tables, events, options);
  await writeLedgerBatch(client, tables, batch, { epilogue: options.epilogue, deferStances: options.deferStances });
  return batch.applied;
}

/**
 * The first half of `applyLedgerEvents`: one round trip (the caller's prelude and the
 * batch's reads), then every event evolved in memory. Nothing is written, so a rebuild can
 * prepare a batch while the previous one's writes are still committing.
 */
export async function prepareLedgerBatch(
  client: pg.ClientBase,
  tables: ReadModelTables,
  events: RecordedEvent[],
  options: ApplyOptions = {},
): Promise<PreparedBatch> {
  const statementIds = new Set<string>();
  const recordedHere = new Set<string>();
  const topicSlugs = new Set<string>();
  const recordedKeys = new StanceKeys();
  for (const recorded of events) {
    const event = toDomainEvent(recorded);
    if (!event) continue;
    if (event.type === 'TopicRevised') topicSlugs.add(event.data.slug);
    else if (event.type !== 'TopicRegistered') {
      const id = event.data.statementId;
      if (event.type === 'StatementRecorded' && !statementIds.has(id)) recordedHere.add(id);
      statementIds.add(id);
    }
    if (event.type === 'StatementRecorded' && !options.deferStances) recordedKeys.addRecorded(event.data);
  }

  // A statement's stream starts with its recording, so one recorded in this batch is not
  // stored yet — unless `select` may leave that recording out as already applied.
  const pending = options.pending;
  const toLoad = [...statementIds].filter((id) => (options.select || !recordedHere.has(id)) && !pending?.statements.has(id));
  const prelude = options.prelude ?? [];
  const reads = [
    loadStatementsSql(tables, toLoad),
    loadTopicsSql(
      tables,
      [...topicSlugs].filter((slug) => !pending?.topics.has(slug)),
    ),
    StoredStances.sql(tables, recordedKeys.all),
  ];
  const results = await runScript(client, [...prelude, ...reads.filter((sql): sql is string => sql !== null)]);
  const applied = options.select ? options.select(results.slice(0, prelude.length)) : events;
  let next = prelude.length;
  const statements = reads[0] === null ? new Map<string, ProjectedStatement>() : statementsOf(results[next++]);
  const topics = reads[1] === null ? new Map<string, TopicRow>() : topicsOf(results[next++]);
  const stored = StoredStances.of(recordedKeys.all, reads[2] === null ? [] : results[next].rows);
  for (const id of statementIds) {
    const known = pending?.statements.get(id);
    if (known) statements.set(id, known);
  }
  for (const slug of topicSlugs) {
    const known = pending?.topics.get(slug);
    if (known) topics.set(slug, { ...known });
  }

  // What the tables (or the pending batch) hold already: updated; everything else is inserted.
  const existing = new Set(statements.keys());
  // What the batch changed, as it leaves it: the pending state a rebuild hands on.
  const state: BatchState = { statements: new Map(), topics: new Map() };
  const dirty = new DirtyStances();
  const newVersions: VersionRow[] = [];
  const closedVersions: { statement_id: string; revision: number; recorded_to: string; superseded_at: number }[] = [];
  const versionIndex = new Map<string, VersionRow>();

  for (const recorded of applied) {
    // Types this projection does not know are someone else's; the log is shared.
    const event = toDomainEvent(recorded);
    if (!event) continue;
    switch (event.type) {
      case 'TopicRegistered': {
        const { data } = event;
        const topic = {
          slug: data.slug,
          title: data.title,
          description: data.description ?? null,
          registered_log_position: event.logPosition,
          log_position: event.logPosition,
        };
        topics.set(data.slug, topic);
        state.topics.set(data.slug, topic);
        break;
      }
      case 'TopicRevised': {
        const { data } = event;
        const topic = topics.get(data.slug);
        if (!topic) throw new Error(`TopicRevised for unknown topic ${data.slug} at ${event.logPosition}`);
        if (data.changes.title !== undefined) topic.title = data.changes.title;
        if (data.changes.description !== undefined) topic.description = data.changes.description;
        topic.log_position = event.logPosition;
        state.topics.set(data.slug, topic);
        break;
      }
      case 'StatementRecorded':
      case 'StatementCorrected':
      case 'StatementRetracted': {
        const id = event.data.statementId;
        const before = statements.get(id) ?? null;
        const after = applyStatementEvent(before, event);
        statements.set(id, after);
        state.statements.set(id, after);
        if (before) {
          dirty.changed(stanceKeyOf(before));
          dirty.changed(stanceKeyOf(after));
          const open = versionIndex.get(`${id}:${before.view.revision}`);
          if (open) {
            open.recorded_to = event.metadata.recordedAt;
            open.superseded_at = event.logPosition;
          } else {
            closedVersions.push({
              statement_id: id,
              revision: before.view.revision,
              recorded_to: event.metadata.recordedAt,
              superseded_at: event.logPosition,
            });
          }
        } else {
          dirty.appended(stanceKeyOf(after), orderedOf(after));
        }
        const version = versionRow(after, event);
        versionIndex.set(`${id}:${after.view.revision}`, version);
        newVersions.push(version);
        break;
      }
    }
  }

  const recorded: ProjectedStatement[] = [];
  const updated: ProjectedStatement[] = [];
  for (const [id, statement] of state.statements) (existing.has(id) ? updated : recorded).push(statement);
  const writes = [
    saveTopicsSql(tables, [...state.topics.values()]),
    ...saveStatementsSql(tables, recorded, updated),
    closeVersionsSql(tables, closedVersions),
    insertVersionsSql(tables, newVersions),
  ].filter((sql): sql is Sql => sql !== null);
  return { applied, state, writes, dirty, stored };
}

/** The second half of `applyLedgerEvents`: a prepared batch's writes, its stances, and the caller's epilogue. */
export async function writeLedgerBatch(
  client: pg.ClientBase,
  tables: ReadModelTables,
  batch: PreparedBatch,
  options: Pick<ApplyOptions, 'epilogue' | 'deferStances'> & {
    /** Sent ahead of the writes, in their round trip (a rebuild: BEGIN, asynchronous commit). */
    prelude?: string[];
  } = {},
): Promise<void> {
  const prelude = options.prelude ?? [];
  const epilogue = options.epilogue?.(batch.applied) ?? [];
  if (batch.applied.length === 0) {
    await runScript(client, [...prelude, ...epilogue]);
  } else if (options.deferStances) {
    for (const entry of batch.dirty.all) options.deferStances.add(entry.key);
    await runScript(client, [...prelude, ...batch.writes, ...epilogue]);
  } else {
    await updateStances(client, tables, batch.dirty, batch.stored, [...prelude, ...batch.writes], epilogue);
  }
}

function orderedOf(statement: ProjectedStatement): OrderedStatement {
  return {
    statementId: statement.view.statementId,
    position: statement.view.position,
    statedAt: statement.view.statedAt,
    statedFrom: statement.statedFrom,
    recordLogPosition: statement.recordLogPosition,
  };
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

function loadTopicsSql(tables: ReadModelTables, slugs: string[]): string | null {
  if (slugs.length === 0) return null;
  return `SELECT slug, title, description, registered_log_position, log_position FROM ${tables.topics}
           WHERE slug = ANY(${textArray(slugs)}::text[])`;
}

function topicsOf(result: pg.QueryResult): Map<string, TopicRow> {
  const map = new Map<string, TopicRow>();
  for (const row of result.rows as TopicRow[]) map.set(row.slug, row);
  return map;
}

function saveTopicsSql(tables: ReadModelTables, rows: TopicRow[]): Sql | null {
  if (rows.length === 0) return null;
  return withJsonRows(
    rows,
    (json) => `INSERT INTO ${tables.topics} (slug, title, description, registered_log_position, log_position)
     SELECT slug, title, description, registered_log_position, log_position
       FROM jsonb_to_recordset(${json}) AS t(slug text, title text, description text, registered_log_position bigint, log_position bigint)
     ON CONFLICT (slug) DO UPDATE SET title = excluded.title, description = excluded.description, log_position = excluded.log_position`,
  );
}

/** The typed columns the statement schema declares (country, topic, target, position, utterance_id). */
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

function closeVersionsSql(tables: ReadModelTables, rows: { statement_id: string; revision: number; recorded_to: string; superseded_at: number }[]): Sql | null {
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
