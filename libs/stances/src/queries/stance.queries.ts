import { computeStance, historyOf } from '@app/statements';
import type pg from 'pg';
import { groupByKey, toOrderedStatement, type StanceRow } from '../projection/read-models/current-stances.read-model.js';
import { LIVE_TABLES } from '../read-model-tables.js';

export interface Stance {
  country: string;
  topic: string;
  target: string | null;
  position: string;
  score: number;
  statedAt: string;
  statementId: string;
  since: string;
  statementCount: number;
}

export interface StanceFilter {
  topic?: string;
  country?: string;
  /** A country code, or null for "no target" (`target=none`); undefined: any. */
  target?: string | null;
  /** Valid time: statements count when statedFrom ≤ asOf. */
  asOf?: string;
  /** Transaction time: the ledger as it stood with the events recorded up to knownAt. */
  knownAt?: string;
  /** The ledger as it stood right after the event at this logPosition (for the live feed). */
  atLogPosition?: number;
}

export interface HistoryItem {
  statementId: string;
  position: string;
  score: number;
  statedAt: string;
  change: string;
}

/**
 * The statements table, or the versions table restricted to what was known at `knownAt`
 * (a version is known from its event's recordedAt until the next event of its statement).
 * Both give `stated_at`; the statements table keeps it as a column, so that a key's
 * statements come from its covering index alone.
 */
function source(knownAt: string | undefined, params: unknown[], atLogPosition?: number): string {
  if (atLogPosition !== undefined) {
    params.push(atLogPosition);
    const at = `$${params.length}::bigint`;
    return `(SELECT *, doc->>'statedAt' AS stated_at FROM ${LIVE_TABLES.versions} WHERE log_position <= ${at} AND (superseded_at IS NULL OR superseded_at > ${at})) s`;
  }
  if (!knownAt) return `${LIVE_TABLES.statements} s`;
  params.push(knownAt);
  const at = `$${params.length}::timestamptz`;
  return `(SELECT *, doc->>'statedAt' AS stated_at FROM ${LIVE_TABLES.versions} WHERE recorded_from <= ${at} AND (recorded_to IS NULL OR recorded_to > ${at})) s`;
}

function keyConditions(filter: StanceFilter, params: unknown[]): string[] {
  const where = [`s.status = 'active'`];
  if (filter.topic !== undefined) {
    params.push(filter.topic);
    where.push(`s.topic = $${params.length}`);
  }
  if (filter.country !== undefined) {
    params.push(filter.country);
    where.push(`s.country = $${params.length}`);
  }
  if (filter.target === null) where.push('s.target IS NULL');
  else if (filter.target !== undefined) {
    params.push(filter.target);
    where.push(`s.target = $${params.length}`);
  }
  if (filter.asOf !== undefined) {
    params.push(filter.asOf);
    where.push(`s.stated_from <= $${params.length}::timestamptz`);
  }
  return where;
}

async function activeStatements(pool: pg.Pool, filter: StanceFilter): Promise<StanceRow[]> {
  const params: unknown[] = [];
  const from = source(filter.knownAt, params, filter.atLogPosition);
  const where = keyConditions(filter, params);
  const { rows } = await pool.query<StanceRow>(
    `SELECT s.country, s.topic, s.target, s.position, s.stated_at, s.statement_id,
            s.stated_from, s.record_log_position
       FROM ${from}
      WHERE ${where.join(' AND ')}
      ORDER BY s.country, s.topic, s.target NULLS FIRST, s.stated_from, s.record_log_position`,
    params,
  );
  return rows;
}

/** Every stance matching the filter, by country, topic, then target (null first). */
export async function listStances(pool: pg.Pool, filter: StanceFilter): Promise<Stance[]> {
  if (filter.asOf === undefined && filter.knownAt === undefined && filter.atLogPosition === undefined) {
    return currentStances(pool, filter);
  }
  return groupByKey(await activeStatements(pool, filter)).map((group) => toStance(group[0], computeStance(group.map(toOrderedStatement))!));
}

/** A key's stance as the API answers it, from what `computeStance` found for it. */
function toStance(key: { country: string; topic: string; target: string | null }, stance: NonNullable<ReturnType<typeof computeStance>>): Stance {
  return {
    country: key.country,
    topic: key.topic,
    target: key.target,
    position: stance.position,
    score: stance.score,
    statedAt: stance.statedAt,
    statementId: stance.statementId,
    since: stance.since,
    statementCount: stance.statementCount,
  };
}

async function currentStances(pool: pg.Pool, filter: StanceFilter): Promise<Stance[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.topic !== undefined) {
    params.push(filter.topic);
    where.push(`topic = $${params.length}`);
  }
  if (filter.country !== undefined) {
    params.push(filter.country);
    where.push(`country = $${params.length}`);
  }
  if (filter.target === null) where.push('target IS NULL');
  else if (filter.target !== undefined) {
    params.push(filter.target);
    where.push(`target = $${params.length}`);
  }
  const { rows } = await pool.query(
    `SELECT country, topic, target, position, score, stated_at AS "statedAt", statement_id AS "statementId", since,
            statement_count AS "statementCount"
       FROM ${LIVE_TABLES.stances}
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY country, topic, target NULLS FIRST`,
    params,
  );
  return rows as Stance[];
}

/** The key's active statements in order, each with how it changed from the previous one. */
export async function stanceHistory(
  pool: pg.Pool,
  key: { country: string; topic: string; target: string | null; asOf?: string; knownAt?: string },
): Promise<HistoryItem[]> {
  return historyOf((await activeStatements(pool, key)).map(toOrderedStatement));
}

/** The stance keys a statement's event at `logPosition` touched: its key before and after. */
export async function keysTouchedAt(
  pool: pg.Pool,
  statementId: string,
  logPosition: number,
): Promise<{ country: string; topic: string; target: string | null }[]> {
  const { rows } = await pool.query<{ country: string; topic: string; target: string | null }>(
    `SELECT DISTINCT country, topic, target FROM ${LIVE_TABLES.versions}
      WHERE statement_id = $1::uuid AND (log_position = $2 OR superseded_at = $2)`,
    [statementId, logPosition],
  );
  return rows;
}

/** A StanceChanged of the live feed: a key's stance right before and right after one event. */
export interface StanceChange {
  previous: Stance | null;
  current: Stance | null;
}

interface VersionRow extends StanceRow {
  log_position: string;
  superseded_at: string | null;
}

/**
 * The stance changes of every event in (after, upTo], by logPosition, in two queries: the
 * keys each statement event touched (its version's key before and after), then every
 * active version of those keys that was visible at some position of the range. Each
 * event's stances before and after it are then computed here, exactly as
 * `listStances({ …key, atLogPosition })` computes them, so a page of the feed costs two
 * round trips instead of 1 + 2 × keys per event. `statementIds`: those of the range's
 * statement events (their rows are found by primary key).
 */
export async function stanceChangesBetween(pool: pg.Pool, after: number, upTo: number, statementIds: string[]): Promise<Map<number, StanceChange[]>> {
  const changes = new Map<number, StanceChange[]>();
  if (statementIds.length === 0 || upTo <= after) return changes;
  const touched = await pool.query<{ at: string; country: string; topic: string; target: string | null }>(
    `SELECT DISTINCT t.at, v.country, v.topic, v.target
       FROM ${LIVE_TABLES.versions} v
       CROSS JOIN LATERAL (VALUES (v.log_position), (v.superseded_at)) AS t(at)
      WHERE v.statement_id = ANY($1::uuid[]) AND t.at > $2 AND t.at <= $3`,
    [statementIds, after, upTo],
  );
  if (touched.rows.length === 0) return changes;
  const keys = new Map<string, { country: string; topic: string; target: string | null }>();
  for (const row of touched.rows) keys.set(stanceKeyId(row), { country: row.country, topic: row.topic, target: row.target });
  const versions = await pool.query<VersionRow>(
    `SELECT v.country, v.topic, v.target, v.position, v.doc->>'statedAt' AS stated_at, v.statement_id,
            v.stated_from, v.record_log_position, v.log_position, v.superseded_at
       FROM unnest($1::text[], $2::text[], $3::text[]) AS k(country, topic, target)
       JOIN ${LIVE_TABLES.versions} v
         ON v.topic = k.topic AND v.country = k.country AND (v.target = k.target OR (v.target IS NULL AND k.target IS NULL))
      WHERE v.status = 'active' AND v.log_position <= $4 AND (v.superseded_at IS NULL OR v.superseded_at > $5)
      ORDER BY v.country, v.topic, v.target NULLS FIRST, v.stated_from, v.record_log_position`,
    [[...keys.values()].map((k) => k.country), [...keys.values()].map((k) => k.topic), [...keys.values()].map((k) => k.target), upTo, after],
  );
  const byKey = new Map<string, VersionRow[]>();
  for (const row of versions.rows) {
    const id = stanceKeyId(row);
    const rows = byKey.get(id);
    if (rows) rows.push(row);
    else byKey.set(id, [row]);
  }
  const stanceAt = (key: { country: string; topic: string; target: string | null }, position: number): Stance | null => {
    const visible = (byKey.get(stanceKeyId(key)) ?? []).filter(
      (row) => Number(row.log_position) <= position && (row.superseded_at === null || Number(row.superseded_at) > position),
    );
    const stance = computeStance(visible.map(toOrderedStatement));
    return stance ? toStance(key, stance) : null;
  };
  const ordered = [...touched.rows].sort(
    (a, b) => Number(a.at) - Number(b.at) || compareText(a.country, b.country) || compareText(a.topic, b.topic) || compareText(a.target, b.target),
  );
  for (const row of ordered) {
    const at = Number(row.at);
    const previous = stanceAt(row, at - 1);
    const current = stanceAt(row, at);
    if (JSON.stringify(previous) === JSON.stringify(current)) continue;
    const list = changes.get(at);
    if (list) list.push({ previous, current });
    else changes.set(at, [{ previous, current }]);
  }
  return changes;
}

function stanceKeyId(key: { country: string; topic: string; target: string | null }): string {
  return JSON.stringify([key.country, key.topic, key.target]);
}

/** Null first, then code point order. */
function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
