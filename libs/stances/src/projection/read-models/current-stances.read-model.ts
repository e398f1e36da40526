import { compareStatementOrder, computeStance, type OrderedStatement, type StatementContent } from '@app/statements';
import type pg from 'pg';
import type { ReadModelTables } from '../../read-model-tables.js';
import { stanceKeyOf, type ProjectedStatement, type StanceKey } from '../projected-statement.js';
import { isCountryHolder } from '../stance-holder.js';
import { insertRows, keysRelation, type Column, type Sql } from '../sql-script.js';
import { statementsReadModel } from './statements.read-model.js';
import { sendWrites, type BatchContext, type EventStep, type ProjectedEvent, type ReadModel, type ReadModelBatch, type ReadModelWrites } from './read-model.js';

/**
 * A stance key's columns, its holder's kind (`country`, or the registered actor's kind), and
 * those of the statement that holds its position.
 */
interface KeyedStatementColumns {
  holder: string;
  holder_kind: string;
  topic: string;
  target: string | null;
  position: string;
  stated_at: string;
  statement_id: string;
  attribution: string;
  modality: string;
}

/** An active statement of a key, read back in stance order (with its holder's kind). */
export interface StanceRow extends KeyedStatementColumns {
  stated_from: Date;
  record_log_position: string;
}

interface CurrentStanceRow extends KeyedStatementColumns {
  since: string;
  statement_count: number;
  last_stated_from: Date;
  last_record_log_position: string;
}

interface StanceWrite {
  holder: string;
  holder_kind: string;
  topic: string;
  target: string | null;
  position: string;
  score: number;
  stated_at: string;
  statement_id: string;
  since: string;
  statement_count: number;
  last_stated_from: string;
  last_record_log_position: number;
  attribution: string;
  modality: string;
}

/** A statement in stance order with what the stance takes from its last one. */
export interface KeyedStatement extends OrderedStatement {
  attribution: string;
  modality: string;
}

/** A key as a Map key: length-prefixed parts, unambiguous whatever they contain (a null target is "-"). */
const keyOf = (key: StanceKey) =>
  `${key.holder.length}:${key.holder}${key.topic.length}:${key.topic}${key.target === null ? '-' : `${key.target.length}:${key.target}`}`;

/**
 * The stance keys a batch touched. A key that only gained new statements (the common case:
 * a statement recorded) can be brought up to date from its stored stance; any other
 * change (correction, retraction, a statement that sorts before the last) recomputes the
 * key from its statements.
 */
class DirtyStances {
  private readonly entries = new Map<string, { key: StanceKey; appended: KeyedStatement[]; full: boolean }>();

  private entry(key: StanceKey) {
    const id = keyOf(key);
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { key, appended: [], full: false };
      this.entries.set(id, entry);
    }
    return entry;
  }

  /** A newly recorded, active statement of `key`. */
  appended(key: StanceKey, statement: KeyedStatement): void {
    this.entry(key).appended.push(statement);
  }

  /** Anything else that changed the key's statements. */
  changed(key: StanceKey): void {
    this.entry(key).full = true;
  }

  get all() {
    return [...this.entries.values()];
  }
}

/** A set of stance keys (a rebuild's dirty keys; the keys whose stored stance a batch loads). */
export class StanceKeys {
  private readonly keys = new Map<string, StanceKey>();

  add(key: StanceKey): void {
    this.keys.set(keyOf(key), key);
  }

  /** The key of a StatementRecorded event's data. */
  addRecorded(data: Pick<StatementContent, 'holder' | 'topic' | 'target'>): void {
    this.add({ holder: data.holder, topic: data.topic, target: data.target ?? null });
  }

  has(key: StanceKey): boolean {
    return this.keys.has(keyOf(key));
  }

  get all(): StanceKey[] {
    return [...this.keys.values()];
  }

  get size(): number {
    return this.keys.size;
  }
}

/**
 * The stored stances of some keys, read in the batch's first round trip (before any of its
 * writes, which leave current_stances alone until the last). A key not asked for is not
 * known here: its stance is recomputed from its statements.
 */
class StoredStances {
  private constructor(
    private readonly asked: StanceKeys,
    private readonly rows: Map<string, CurrentStanceRow>,
  ) {}

  static readonly none = new StoredStances(new StanceKeys(), new Map());

  static sql(tables: ReadModelTables, keys: StanceKey[]): string | null {
    if (keys.length === 0) return null;
    return `SELECT c.holder, c.holder_kind, c.topic, c.target, c.position, c.stated_at, c.statement_id, c.attribution, c.modality,
              c.since, c.statement_count, c.last_stated_from, c.last_record_log_position
         FROM ${tables.stances} c
         JOIN ${keysRelation(keys)}
           ON c.holder = k.holder AND c.topic = k.topic AND c.target IS NOT DISTINCT FROM k.target`;
  }

  static of(keys: StanceKey[], rows: CurrentStanceRow[]): StoredStances {
    const asked = new StanceKeys();
    for (const key of keys) asked.add(key);
    return new StoredStances(asked, new Map(rows.map((row) => [keyOf(row), row])));
  }

  known(key: StanceKey): boolean {
    return this.asked.has(key);
  }

  get(key: StanceKey): CurrentStanceRow | undefined {
    return this.rows.get(keyOf(key));
  }
}

/**
 * `current_stances`: one row per key (holder, topic, target; a null target is a key of its
 * own), from its active statements in stance order. It handles the statement events through
 * what the statements read model made of them: a key that only gained statements is brought
 * up to date from its stored stance, read in the batch's first round trip; a key whose
 * statements changed otherwise (a correction, a retraction, a statement that sorts before
 * the last, one moved between keys) is recomputed from the key's statements as the batch
 * leaves them. A key left without an active statement has no row.
 */
export const currentStancesReadModel: ReadModel = {
  name: 'current_stances',
  // The statements' events, taken through what the statements read model made of them.
  handles: statementsReadModel.handles,
  begin: (events, context) => new CurrentStancesBatch(events, context),
};

class CurrentStancesBatch implements ReadModelBatch {
  readonly read: string | null;
  /** The keys whose stored stance is read: those a recording appends to (none when deferred: nothing is computed per batch). */
  private readonly recordedKeys = new StanceKeys();
  private stored = StoredStances.none;
  private readonly dirty = new DirtyStances();

  constructor(
    events: readonly ProjectedEvent[],
    private readonly context: BatchContext,
  ) {
    if (!context.deferStances) for (const event of events) if (event.type === 'StatementRecorded') this.recordedKeys.addRecorded(event.data);
    this.read = StoredStances.sql(context.tables, this.recordedKeys.all);
  }

  loaded(result: pg.QueryResult | undefined): void {
    this.stored = StoredStances.of(this.recordedKeys.all, (result?.rows ?? []) as CurrentStanceRow[]);
  }

  apply(event: ProjectedEvent, step: EventStep): void {
    if (!step.statement) throw new Error(`${event.type} at ${event.logPosition}: the statements read model must apply it before the stances`);
    const { before, after } = step.statement;
    if (before) {
      this.dirty.changed(stanceKeyOf(before));
      this.dirty.changed(stanceKeyOf(after));
    } else {
      this.dirty.appended(stanceKeyOf(after), orderedOf(after));
    }
  }

  writes(): ReadModelWrites {
    const deferred = this.context.deferStances;
    if (!deferred) return stanceWrites(this.context.tables, this.dirty, this.stored);
    for (const entry of this.dirty.all) deferred.add(entry.key);
    return { sql: [] };
  }
}

function orderedOf(statement: ProjectedStatement): KeyedStatement {
  return {
    statementId: statement.view.statementId,
    position: statement.view.position,
    statedAt: statement.view.statedAt,
    statedFrom: statement.statedFrom,
    recordLogPosition: statement.recordLogPosition,
    attribution: statement.view.attribution,
    modality: statement.view.modality,
  };
}

/**
 * The writes that bring the stance of every dirty key up to date — with a read-back of the
 * keys' statements when a key needs a full recompute. Every stance comes from the same pure
 * `computeStance` the time-travel queries use: for an append-only key over its stored
 * stance followed by the new statements (the stored run stands in for the statements
 * before them), otherwise over all its active statements. A new key held by an actor is
 * recomputed too: its holder's kind is read back with its statements (from the actors table,
 * which the same round trip has brought up to date).
 */
function stanceWrites(tables: ReadModelTables, dirty: DirtyStances, stored: StoredStances): ReadModelWrites {
  const entries = dirty.all;
  const writes: StanceWrite[] = [];
  const full: StanceKey[] = [];
  for (const entry of entries) {
    const current = stored.get(entry.key);
    const holderKind = current?.holder_kind ?? (isCountryHolder(entry.key.holder) ? 'country' : null);
    if (entry.full || !stored.known(entry.key) || holderKind === null) {
      full.push(entry.key);
      continue;
    }
    const appended = [...entry.appended].sort(compareStatementOrder);
    const standIn: OrderedStatement | null = current
      ? {
          statementId: current.statement_id,
          position: current.position,
          statedAt: current.since,
          statedFrom: current.last_stated_from.toISOString(),
          recordLogPosition: Number(current.last_record_log_position),
        }
      : null;
    if (standIn && compareStatementOrder(appended[0], standIn) < 0) {
      full.push(entry.key);
      continue;
    }
    const stance = computeStance(standIn ? [standIn, ...appended] : appended)!;
    const last = appended[appended.length - 1];
    writes.push(toWrite(entry.key, holderKind, stance, (current?.statement_count ?? 0) + appended.length, last));
  }
  const keys = entries.map((entry) => entry.key);
  if (full.length === 0) return { sql: replaceStancesSql(tables, keys, writes) };
  return {
    sql: [],
    readBack: {
      sql: keyStatementsSql(tables, full),
      writes: (result) => replaceStancesSql(tables, keys, [...writes, ...recomputed(result.rows as StanceRow[])]),
    },
  };
}

/** A rebuild's last step: every key it touched, recomputed once from its statements (the live batches' code), then `after`. */
export async function recomputeStances(client: pg.ClientBase, tables: ReadModelTables, keys: StanceKey[], after: string[] = []): Promise<void> {
  const dirty = new DirtyStances();
  for (const key of keys) dirty.changed(key);
  await sendWrites(client, [], [stanceWrites(tables, dirty, StoredStances.none)], after);
}

function toWrite(
  key: StanceKey,
  holderKind: string,
  stance: NonNullable<ReturnType<typeof computeStance>>,
  statementCount: number,
  last: KeyedStatement,
): StanceWrite {
  return {
    holder: key.holder,
    holder_kind: holderKind,
    topic: key.topic,
    target: key.target,
    position: stance.position,
    score: stance.score,
    stated_at: stance.statedAt,
    statement_id: stance.statementId,
    since: stance.since,
    statement_count: statementCount,
    last_stated_from: last.statedFrom,
    last_record_log_position: last.recordLogPosition,
    attribution: last.attribution,
    modality: last.modality,
  };
}

/** A stance row's holder kind: `country` for a code, else the registered actor's kind (`a`: the actors table joined on the holder). */
export const HOLDER_KIND_SQL = `COALESCE(a.kind, 'country')`;

/**
 * The keys' active statements in stance order. Keys with a target and keys without are
 * read separately so that `target` is an index condition in both (`= k.target`, `IS
 * NULL`) rather than an `IS NOT DISTINCT FROM` filter, and the covering index answers
 * without visiting the table.
 *
 * Each key is looked up on its own (a LATERAL subquery that `OFFSET 0` keeps from being
 * flattened into a join): for a few hundred keys without a target — a third of the stances
 * are held on no target, so each matches many statements — the planner otherwise preferred
 * a sequential scan of every active statement, sorted and merged, once per chunk of a
 * rebuild's recompute: ~4× the cost of the probes at 200k events, and a scan that grows with
 * the ledger, chunk after chunk.
 */
function keyStatementsSql(tables: ReadModelTables, keys: StanceKey[]): string {
  const columns = `s.holder, ${HOLDER_KIND_SQL} AS holder_kind, s.topic, s.target, s.position, s.stated_at, s.statement_id, s.attribution, s.modality,
         s.stated_from, s.record_log_position`;
  const targeted = keys.filter((key) => key.target !== null);
  const untargeted = keys.filter((key) => key.target === null);
  const actors = `LEFT JOIN ${tables.actors} a ON a.slug = k.holder`;
  const perKey = (target: string) => `CROSS JOIN LATERAL (
         SELECT holder, topic, target, position, stated_at, statement_id, attribution, modality, stated_from, record_log_position
           FROM ${tables.statements}
          WHERE topic = k.topic AND holder = k.holder AND ${target} AND status = 'active'
         OFFSET 0) s`;
  return `SELECT ${columns}
       FROM ${keysRelation(targeted)}
       ${perKey('target = k.target')}
       ${actors}
     UNION ALL
     SELECT ${columns}
       FROM ${keysRelation(untargeted)}
       ${perKey('target IS NULL')}
       ${actors}
     ORDER BY holder, topic, target NULLS FIRST, stated_from, record_log_position`;
}

function recomputed(rows: StanceRow[]): StanceWrite[] {
  return groupByKey(rows).map((group) => {
    const ordered = group.map(toKeyedStatement);
    return toWrite(group[0], group[0].holder_kind, computeStance(ordered)!, ordered.length, ordered[ordered.length - 1]);
  });
}

const STANCE_COLUMNS: readonly Column<StanceWrite>[] = [
  ['holder', 'text'],
  ['holder_kind', 'text'],
  ['topic', 'text'],
  ['target', 'text'],
  ['position', 'text'],
  ['score', 'smallint'],
  ['stated_at', 'text'],
  ['statement_id', 'uuid'],
  ['since', 'text'],
  ['statement_count', 'int'],
  ['last_stated_from', 'timestamptz'],
  ['last_record_log_position', 'bigint'],
  ['attribution', 'text'],
  ['modality', 'text'],
];

function replaceStancesSql(tables: ReadModelTables, keys: StanceKey[], writes: StanceWrite[]): Sql[] {
  if (keys.length === 0) return [];
  const sql: Sql[] = [
    `DELETE FROM ${tables.stances} c
      USING ${keysRelation(keys)}
      WHERE c.holder = k.holder AND c.topic = k.topic AND c.target IS NOT DISTINCT FROM k.target`,
  ];
  const insert = insertRows(tables.stances, STANCE_COLUMNS, writes);
  if (insert) sql.push(insert);
  return sql;
}

export function toKeyedStatement(row: StanceRow): KeyedStatement {
  return {
    statementId: row.statement_id,
    position: row.position,
    statedAt: row.stated_at,
    statedFrom: row.stated_from.toISOString(),
    recordLogPosition: Number(row.record_log_position),
    attribution: row.attribution,
    modality: row.modality,
  };
}

/** Rows arrive ordered by key; splits them into one ordered group per key. */
export function groupByKey<T extends StanceKey>(rows: T[]): T[][] {
  const groups: T[][] = [];
  for (const row of rows) {
    const current = groups[groups.length - 1];
    const head = current?.[0];
    if (head && head.holder === row.holder && head.topic === row.topic && head.target === row.target) current.push(row);
    else groups.push([row]);
  }
  return groups;
}
