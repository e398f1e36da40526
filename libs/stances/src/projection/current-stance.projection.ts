import { computeStance } from '@app/statements';
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

/**
 * Recomputes the stance of each key a batch touched from the key's active statements,
 * with the same pure `computeStance` the time-travel queries use.
 */
export async function recomputeStances(client: pg.PoolClient, tables: ReadModelTables, keys: StanceKey[]): Promise<void> {
  if (keys.length === 0) return;
  const keyJson = JSON.stringify(keys);
  const { rows } = await client.query<StanceRow>(
    `SELECT s.country, s.topic, s.target, s.position, s.doc->>'statedAt' AS stated_at, s.statement_id,
            s.stated_from, s.record_log_position
       FROM ${tables.statements} s
       JOIN jsonb_to_recordset($1::jsonb) AS k(country text, topic text, target text)
         ON s.country = k.country AND s.topic = k.topic AND s.target IS NOT DISTINCT FROM k.target
      WHERE s.status = 'active'
      ORDER BY s.country, s.topic, s.target NULLS FIRST, s.stated_from, s.record_log_position`,
    [keyJson],
  );
  const stances = groupByKey(rows).map((group) => {
    const stance = computeStance(group.map(toOrderedStatement));
    const last = group[group.length - 1];
    return {
      country: last.country,
      topic: last.topic,
      target: last.target,
      position: stance!.position,
      score: stance!.score,
      stated_at: stance!.statedAt,
      statement_id: stance!.statementId,
      since: stance!.since,
      statement_count: stance!.statementCount,
      last_stated_from: last.stated_from.toISOString(),
      last_record_log_position: Number(last.record_log_position),
    };
  });
  await client.query(
    `DELETE FROM ${tables.stances} c
      USING jsonb_to_recordset($1::jsonb) AS k(country text, topic text, target text)
      WHERE c.country = k.country AND c.topic = k.topic AND c.target IS NOT DISTINCT FROM k.target`,
    [keyJson],
  );
  if (stances.length === 0) return;
  await client.query(
    `INSERT INTO ${tables.stances}
       (country, topic, target, position, score, stated_at, statement_id, since, statement_count, last_stated_from, last_record_log_position)
     SELECT country, topic, target, position, score, stated_at, statement_id, since, statement_count, last_stated_from, last_record_log_position
       FROM jsonb_to_recordset($1::jsonb) AS s(country text, topic text, target text, position text, score smallint,
            stated_at text, statement_id uuid, since text, statement_count int, last_stated_from timestamptz,
            last_record_log_position bigint)`,
    [JSON.stringify(stances)],
  );
}

export function toOrderedStatement(row: StanceRow) {
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
