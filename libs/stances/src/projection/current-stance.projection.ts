import { compareStatementOrder, computeStance, type OrderedStatement } from '@app/statements';
import type pg from 'pg';
import type { ReadModelTables } from '../read-model-tables.js';
import type { StanceKey } from './statement.evolve.js';

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

const keyOf = (key: StanceKey) => JSON.stringify([key.country, key.topic, key.target]);

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

/**
 * Brings the stance of every dirty key up to date, with the same pure `computeStance` the
 * time-travel queries use — for an append-only key over its stored stance followed by the
 * new statements (the stored run stands in for the statements before them).
 */
export async function updateStances(client: pg.PoolClient, tables: ReadModelTables, dirty: DirtyStances): Promise<void> {
  const entries = dirty.all;
  if (entries.length === 0) return;
  const writes: StanceWrite[] = [];
  const full: StanceKey[] = [];
  const appendOnly = entries.filter((entry) => !entry.full);
  const stored = await loadStances(client, tables, appendOnly.map((entry) => entry.key));
  for (const entry of appendOnly) {
    const appended = [...entry.appended].sort(compareStatementOrder);
    const current = stored.get(keyOf(entry.key));
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
  full.push(...entries.filter((entry) => entry.full).map((entry) => entry.key));
  writes.push(...(await recompute(client, tables, full)));
  await replaceStances(client, tables, entries.map((entry) => entry.key), writes);
}

function toWrite(
  key: StanceKey,
  stance: NonNullable<ReturnType<typeof computeStance>>,
  statementCount: number,
  last: OrderedStatement,
): StanceWrite {
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

async function loadStances(client: pg.PoolClient, tables: ReadModelTables, keys: StanceKey[]): Promise<Map<string, CurrentStanceRow>> {
  const map = new Map<string, CurrentStanceRow>();
  if (keys.length === 0) return map;
  const { rows } = await client.query<CurrentStanceRow>(
    `SELECT c.country, c.topic, c.target, c.position, c.stated_at, c.statement_id, c.since, c.statement_count,
            c.last_stated_from, c.last_record_log_position
       FROM ${tables.stances} c
       JOIN jsonb_to_recordset($1::jsonb) AS k(country text, topic text, target text)
         ON c.country = k.country AND c.topic = k.topic AND c.target IS NOT DISTINCT FROM k.target`,
    [JSON.stringify(keys)],
  );
  for (const row of rows) map.set(keyOf(row), row);
  return map;
}

/** Full recomputation from the keys' active statements. */
async function recompute(client: pg.PoolClient, tables: ReadModelTables, keys: StanceKey[]): Promise<StanceWrite[]> {
  if (keys.length === 0) return [];
  const { rows } = await client.query<StanceRow>(
    `SELECT s.country, s.topic, s.target, s.position, s.doc->>'statedAt' AS stated_at, s.statement_id,
            s.stated_from, s.record_log_position
       FROM ${tables.statements} s
       JOIN jsonb_to_recordset($1::jsonb) AS k(country text, topic text, target text)
         ON s.country = k.country AND s.topic = k.topic AND s.target IS NOT DISTINCT FROM k.target
      WHERE s.status = 'active'
      ORDER BY s.country, s.topic, s.target NULLS FIRST, s.stated_from, s.record_log_position`,
    [JSON.stringify(keys)],
  );
  return groupByKey(rows).map((group) => {
    const ordered = group.map(toOrderedStatement);
    return toWrite(group[0], computeStance(ordered)!, ordered.length, ordered[ordered.length - 1]);
  });
}

async function replaceStances(client: pg.PoolClient, tables: ReadModelTables, keys: StanceKey[], writes: StanceWrite[]): Promise<void> {
  await client.query(
    `DELETE FROM ${tables.stances} c
      USING jsonb_to_recordset($1::jsonb) AS k(country text, topic text, target text)
      WHERE c.country = k.country AND c.topic = k.topic AND c.target IS NOT DISTINCT FROM k.target`,
    [JSON.stringify(keys)],
  );
  if (writes.length === 0) return;
  await client.query(
    `INSERT INTO ${tables.stances}
       (country, topic, target, position, score, stated_at, statement_id, since, statement_count, last_stated_from, last_record_log_position)
     SELECT country, topic, target, position, score, stated_at, statement_id, since, statement_count, last_stated_from, last_record_log_position
       FROM jsonb_to_recordset($1::jsonb) AS s(country text, topic text, target text, position text, score smallint,
            stated_at text, statement_id uuid, since text, statement_count int, last_stated_from timestamptz,
            last_record_log_position bigint)`,
    [JSON.stringify(writes)],
  );
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
