import { compareStatementOrder, computeStance, type OrderedStatement, type StatementContent } from '@app/statements';
import type pg from 'pg';
import type { ReadModelTables } from '../read-model-tables.js';
import type { StanceKey } from './projected-statement.js';
import { insertRows, keysRelation, runScript, type Column, type Sql } from './sql-script.js';

export interface StanceRow {
  country: string;
  topic: string;
  target: string | null;
  position: string;
  stated_at: string;
  statement_id: string;
  stated_from: Date;
  record_log_position: string;
}

interface CurrentStanceRow {
  country: string;
  topic: string;
  target: string | null;
  position: string;
  stated_at: string;
  statement_id: string;
  since: string;
  statement_count: number;
  last_stated_from: Date;
  last_record_log_position: string;
}

interface StanceWrite {
  country: string;
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
}

/** A key as a Map key: length-prefixed parts, unambiguous whatever they contain (a null target is "-"). */
const keyOf = (key: StanceKey) =>
  `${key.country.length}:${key.country}${key.topic.length}:${key.topic}${key.target === null ? '-' : `${key.target.length}:${key.target}`}`;

/**
 * The stance keys a batch touched. A key that only gained new statements (the common case:
 * a statement recorded) can be brought up to date from its stored stance; any other
 * change (correction, retraction, a statement that sorts before the last) recomputes the
 * key from its statements.
 */
export class DirtyStances {
  private readonly entries = new Map<string, { key: StanceKey; appended: OrderedStatement[]; full: boolean }>();

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
  appended(key: StanceKey, statement: OrderedStatement): void {
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
  addRecorded(data: Pick<StatementContent, 'actor' | 'topic' | 'target'>): void {
    this.add({ country: data.actor.country, topic: data.topic, target: data.target ?? null });
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
export class StoredStances {
  private constructor(
    private readonly asked: StanceKeys,
    private readonly rows: Map<string, CurrentStanceRow>,
  ) {}

  static readonly none = new StoredStances(new StanceKeys(), new Map());

  static sql(tables: ReadModelTables, keys: StanceKey[]): string | null {
    if (keys.length === 0) return null;
    return `SELECT c.country, c.topic, c.target, c.position, c.stated_at, c.statement_id, c.since, c.statement_count,
              c.last_stated_from, c.last_record_log_position
         FROM ${tables.stances} c
         JOIN ${keysRelation(keys)}
           ON c.country = k.country AND c.topic = k.topic AND c.target IS NOT DISTINCT FROM k.target`;
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
 * Sends `before` (the batch's writes), brings the stance of every dirty key up to date and
 * sends `after` (the caller's checkpoint and COMMIT) — one round trip, two when a key needs
 * its statements read back. Every stance comes from the same pure `computeStance` the
 * time-travel queries use: for an append-only key over its stored stance followed by the
 * new statements (the stored run stands in for the statements before them), otherwise
 * over all its active statements.
 */
export async function updateStances(
  client: pg.ClientBase,
  tables: ReadModelTables,
  dirty: DirtyStances,
  stored: StoredStances,
  before: Sql[],
  after: Sql[],
): Promise<void> {
  const entries = dirty.all;
  const writes: StanceWrite[] = [];
  const full: StanceKey[] = [];
  for (const entry of entries) {
    const current = stored.get(entry.key);
    if (entry.full || !stored.known(entry.key)) {
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
    writes.push(toWrite(entry.key, stance, (current?.statement_count ?? 0) + appended.length, last));
  }
  const keys = entries.map((entry) => entry.key);
  if (full.length === 0) {
    await runScript(client, [...before, ...replaceStancesSql(tables, keys, writes), ...after]);
    return;
  }
  const results = await runScript(client, [...before, recomputeSql(tables, full)]);
  writes.push(...recomputed(results[results.length - 1].rows as StanceRow[]));
  await runScript(client, [...replaceStancesSql(tables, keys, writes), ...after]);
}

/** A rebuild's last step: every key it touched, recomputed once from its statements. */
export async function recomputeStances(client: pg.ClientBase, tables: ReadModelTables, keys: StanceKey[], after: string[] = []): Promise<void> {
  const dirty = new DirtyStances();
  for (const key of keys) dirty.changed(key);
  await updateStances(client, tables, dirty, StoredStances.none, [], after);
}

function toWrite(key: StanceKey, stance: NonNullable<ReturnType<typeof computeStance>>, statementCount: number, last: OrderedStatement): StanceWrite {
  return {
    country: key.country,
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
  };
}

/**
 * The keys' active statements in stance order. Keys with a target and keys without are
 * read separately so that `target` is an index condition in both (`= k.target`, `IS
 * NULL`) rather than an `IS NOT DISTINCT FROM` filter, and the covering index answers
 * without visiting the table.
 */
function recomputeSql(tables: ReadModelTables, keys: StanceKey[]): string {
  const columns = 's.country, s.topic, s.target, s.position, s.stated_at, s.statement_id, s.stated_from, s.record_log_position';
  const targeted = keys.filter((key) => key.target !== null);
  const untargeted = keys.filter((key) => key.target === null);
  return `SELECT ${columns}
       FROM ${keysRelation(targeted)}
       JOIN ${tables.statements} s ON s.topic = k.topic AND s.country = k.country AND s.target = k.target AND s.status = 'active'
     UNION ALL
     SELECT ${columns}
       FROM ${keysRelation(untargeted)}
       JOIN ${tables.statements} s ON s.topic = k.topic AND s.country = k.country AND s.target IS NULL AND s.status = 'active'
     ORDER BY country, topic, target NULLS FIRST, stated_from, record_log_position`;
}

function recomputed(rows: StanceRow[]): StanceWrite[] {
  return groupByKey(rows).map((group) => {
    const ordered = group.map(toOrderedStatement);
    return toWrite(group[0], computeStance(ordered)!, ordered.length, ordered[ordered.length - 1]);
  });
}

const STANCE_COLUMNS: readonly Column<StanceWrite>[] = [
  ['country', 'text'],
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
];

function replaceStancesSql(tables: ReadModelTables, keys: StanceKey[], writes: StanceWrite[]): Sql[] {
  if (keys.length === 0) return [];
  const sql: Sql[] = [
    `DELETE FROM ${tables.stances} c
      USING ${keysRelation(keys)}
      WHERE c.country = k.country AND c.topic = k.topic AND c.target IS NOT DISTINCT FROM k.target`,
  ];
  const insert = insertRows(tables.stances, STANCE_COLUMNS, writes);
  if (insert) sql.push(insert);
  return sql;
}

export function toOrderedStatement(row: StanceRow): OrderedStatement {
  return {
    statementId: row.statement_id,
    position: row.position,
    statedAt: row.stated_at,
    statedFrom: row.stated_from.toISOString(),
    recordLogPosition: Number(row.record_log_position),
  };
}

/** Rows arrive ordered by key; splits them into one ordered group per key. */
export function groupByKey<T extends { country: string; topic: string; target: string | null }>(rows: T[]): T[][] {
  const groups: T[][] = [];
  for (const row of rows) {
    const current = groups[groups.length - 1];
    const head = current?.[0];
    if (head && head.country === row.country && head.topic === row.topic && head.target === row.target) current.push(row);
    else groups.push([row]);
  }
  return groups;
}
