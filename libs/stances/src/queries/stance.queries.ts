import { computeStance, historyOf, type StanceHistoryItem, type StatementEvent } from '@app/statements';
import type pg from 'pg';
import { groupByKey, HOLDER_KIND_SQL, toKeyedStatement, type StanceRow } from '../projection/read-models/current-stances.read-model.js';
import type { StanceKey } from '../projection/projected-statement.js';
import { countryOfHolder } from '../projection/stance-holder.js';
import { LIVE_TABLES } from '../read-model-tables.js';

export interface Stance {
  holder: string;
  /** `country`, or the registered actor's kind. */
  holderKind: string;
  /** The holder when it is a country, else null (v1's meaning: a country's government). */
  country: string | null;
  topic: string;
  target: string | null;
  position: string;
  score: number;
  statedAt: string;
  statementId: string;
  since: string;
  statementCount: number;
  /** Of the last statement. */
  attribution: string;
  modality: string;
}

export interface StanceFilter {
  topic?: string;
  /** A country code or an actor's slug. */
  holder?: string;
  /** Any of these holders (country codes or actors' slugs). */
  holders?: readonly string[];
  /** A country code: stances held by that country's government. */
  country?: string;
  /** A country code or an actor's slug, or null for "no target" (`target=none`); undefined: any. */
  target?: string | null;
  /** Only statements with one of these attributions count, as if the others did not exist; undefined: all. */
  attribution?: readonly string[];
  /** Valid time: statements count when statedFrom ≤ asOf. */
  asOf?: string;
  /** Transaction time: the ledger as it stood with the events recorded up to knownAt. */
  knownAt?: string;
  /** The ledger as it stood right after the event at this logPosition (for the live feed). */
  atLogPosition?: number;
}

export type HistoryItem = StanceHistoryItem;

/** One stance key's history: the key (a holder — or v1's country —, a topic, a target) and the filters that apply to a list. */
export type HistoryFilter = Omit<StanceFilter, 'atLogPosition'> & { topic: string; target: string | null };

/** Keys are listed by holder (code point order: codes, upper-case, before slugs), topic, then target, null first. */
const KEY_ORDER = (alias: string) => `${alias}.holder COLLATE "C", ${alias}.topic, ${alias}.target NULLS FIRST`;

/**
 * The statements table, or the versions table restricted to what was known at `knownAt`
 * (a version is known from its event's recordedAt until the next event of its statement).
 * Both give `stated_at`; the statements table keeps it as a column, so that a key's
 * statements come from its covering index alone.
 */
export function statementsSource(knownAt: string | undefined, params: unknown[], atLogPosition?: number): string {
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

/** The conditions of a filter's keys over `alias` (statements or stored stances share these column names). */
export function keyConditions(alias: string, filter: StanceFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const equal = (column: string, value: string) => {
    params.push(value);
    where.push(`${alias}.${column} = $${params.length}`);
  };
  if (filter.topic !== undefined) equal('topic', filter.topic);
  if (filter.holder !== undefined) equal('holder', filter.holder);
  if (filter.holders !== undefined) {
    params.push(filter.holders);
    where.push(`${alias}.holder = ANY($${params.length}::text[])`);
  }
  // A country code names only a country's holder (an actor's slug is never a code).
  if (filter.country !== undefined) equal('holder', filter.country);
  if (filter.target === null) where.push(`${alias}.target IS NULL`);
  else if (filter.target !== undefined) equal('target', filter.target);
  return where;
}

/**
 * The active statements that count under `filter` (its keys, `asOf`, `attribution`, as known
 * at `knownAt` or `atLogPosition`), unordered, as one SELECT over the alias `s`: the one
 * selection behind the stances, their history and the flips (flip.queries.ts).
 */
export function activeStatementsSql(filter: StanceFilter, params: unknown[]): string {
  const from = statementsSource(filter.knownAt, params, filter.atLogPosition);
  const where = [`s.status = 'active'`, ...keyConditions('s', filter, params)];
  if (filter.asOf !== undefined) {
    params.push(filter.asOf);
    where.push(`s.stated_from <= $${params.length}::timestamptz`);
  }
  if (filter.attribution !== undefined) {
    params.push(filter.attribution);
    where.push(`s.attribution = ANY($${params.length}::text[])`);
  }
  return `SELECT s.holder, ${HOLDER_KIND_SQL} AS holder_kind, s.topic, s.target, s.position, s.stated_at, s.statement_id, s.attribution, s.modality,
            s.stated_from, s.record_log_position
       FROM ${from}
       LEFT JOIN ${LIVE_TABLES.actors} a ON a.slug = s.holder
      WHERE ${where.join(' AND ')}`;
}

async function activeStatements(pool: pg.Pool, filter: StanceFilter): Promise<StanceRow[]> {
  const params: unknown[] = [];
  const { rows } = await pool.query<StanceRow>(
    `${activeStatementsSql(filter, params)} ORDER BY ${KEY_ORDER('s')}, s.stated_from, s.record_log_position`,
    params,
  );
  return rows;
}

/**
 * Every stance matching the filter, by holder, topic, then target (null first). The present,
 * unfiltered by attribution, is the stored table; time travel and an attribution filter
 * compute each stance from the statements that count.
 */
export async function listStances(pool: pg.Pool, filter: StanceFilter): Promise<Stance[]> {
  if (filter.asOf === undefined && filter.knownAt === undefined && filter.atLogPosition === undefined && filter.attribution === undefined) {
    return currentStances(pool, filter);
  }
  return groupByKey(await activeStatements(pool, filter))
    .map(stanceOf)
    .filter((stance) => stance !== null);
}

/** A key's stance from its statements in stance order, as the API answers it; null for none. */
function stanceOf(group: StanceRow[]): Stance | null {
  const ordered = group.map(toKeyedStatement);
  const stance = computeStance(ordered);
  if (!stance) return null;
  const [{ holder, holder_kind, topic, target }, last] = [group[0], ordered[ordered.length - 1]];
  return {
    holder,
    holderKind: holder_kind,
    country: countryOfHolder(holder),
    topic,
    target,
    position: stance.position,
    score: stance.score,
    statedAt: stance.statedAt,
    statementId: stance.statementId,
    since: stance.since,
    statementCount: stance.statementCount,
    attribution: last.attribution,
    modality: last.modality,
  };
}

async function currentStances(pool: pg.Pool, filter: StanceFilter): Promise<Stance[]> {
  const params: unknown[] = [];
  const where = keyConditions('c', filter, params);
  const { rows } = await pool.query(
    `SELECT holder, holder_kind AS "holderKind", CASE WHEN holder_kind = 'country' THEN holder END AS country, topic, target, position, score,
            stated_at AS "statedAt", statement_id AS "statementId", since, statement_count AS "statementCount", attribution, modality
       FROM ${LIVE_TABLES.stances} c
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY ${KEY_ORDER('c')}`,
    params,
  );
  return rows as Stance[];
}

/** The key's active statements (of the attributions asked for) in order, each with how it changed and shifted from the previous one. */
export async function stanceHistory(pool: pg.Pool, key: HistoryFilter): Promise<HistoryItem[]> {
  return historyOf((await activeStatements(pool, key)).map(toKeyedStatement));
}

/** The stance keys a statement's event at `logPosition` touched: its key before and after. */
export async function keysTouchedAt(pool: pg.Pool, statementId: string, logPosition: number): Promise<StanceKey[]> {
  const { rows } = await pool.query<StanceKey>(
    `SELECT DISTINCT holder, topic, target FROM ${LIVE_TABLES.versions}
      WHERE statement_id = $1::uuid AND (log_position = $2 OR superseded_at = $2)`,
    [statementId, logPosition],
  );
  return rows;
}

/** What made a stance change: the statement event's kind — a corrected record is told apart from a change of position. */
export const STANCE_CHANGE_CAUSES = ['recorded', 'corrected', 'retracted'] as const;
export type StanceChangeCause = (typeof STANCE_CHANGE_CAUSES)[number];

const CAUSE_OF: Record<StatementEvent['type'], StanceChangeCause> = {
  StatementRecorded: 'recorded',
  StatementCorrected: 'corrected',
  StatementRetracted: 'retracted',
};

/** A statement event of the log: its position, type and statement. */
export interface StatementEventAt {
  logPosition: number;
  type: StatementEvent['type'];
  statementId: string;
}

/** A StanceChanged of the live feed: a key's stance right before and right after one event, and that event's kind. */
export interface StanceChange {
  cause: StanceChangeCause;
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
 * round trips instead of 1 + 2 × keys per event. `events`: the range's statement events
 * (their rows are found by primary key; their types give each change its cause — a
 * correction that moves a statement changes both keys, each `corrected`).
 */
export async function stanceChangesBetween(
  pool: pg.Pool,
  after: number,
  upTo: number,
  events: readonly StatementEventAt[],
): Promise<Map<number, StanceChange[]>> {
  const changes = new Map<number, StanceChange[]>();
  const causes = new Map(events.map((event) => [event.logPosition, CAUSE_OF[event.type]]));
  const statementIds = [...new Set(events.map((event) => event.statementId))];
  if (statementIds.length === 0 || upTo <= after) return changes;
  const touched = await pool.query<StanceKey & { at: string }>(
    `SELECT DISTINCT t.at, v.holder, v.topic, v.target
       FROM ${LIVE_TABLES.versions} v
       CROSS JOIN LATERAL (VALUES (v.log_position), (v.superseded_at)) AS t(at)
      WHERE v.statement_id = ANY($1::uuid[]) AND t.at > $2 AND t.at <= $3`,
    [statementIds, after, upTo],
  );
  if (touched.rows.length === 0) return changes;
  const keys = new Map<string, StanceKey>();
  for (const row of touched.rows) keys.set(stanceKeyId(row), { holder: row.holder, topic: row.topic, target: row.target });
  const versions = await pool.query<VersionRow>(
    `SELECT v.holder, ${HOLDER_KIND_SQL} AS holder_kind, v.topic, v.target, v.position, v.doc->>'statedAt' AS stated_at, v.statement_id,
            v.attribution, v.modality, v.stated_from, v.record_log_position, v.log_position, v.superseded_at
       FROM unnest($1::text[], $2::text[], $3::text[]) AS k(holder, topic, target)
       JOIN ${LIVE_TABLES.versions} v
         ON v.topic = k.topic AND v.holder = k.holder AND (v.target = k.target OR (v.target IS NULL AND k.target IS NULL))
       LEFT JOIN ${LIVE_TABLES.actors} a ON a.slug = v.holder
      WHERE v.status = 'active' AND v.log_position <= $4 AND (v.superseded_at IS NULL OR v.superseded_at > $5)
      ORDER BY v.holder, v.topic, v.target NULLS FIRST, v.stated_from, v.record_log_position`,
    [[...keys.values()].map((k) => k.holder), [...keys.values()].map((k) => k.topic), [...keys.values()].map((k) => k.target), upTo, after],
  );
  const byKey = new Map<string, VersionRow[]>();
  for (const row of versions.rows) {
    const id = stanceKeyId(row);
    const rows = byKey.get(id);
    if (rows) rows.push(row);
    else byKey.set(id, [row]);
  }
  const stanceAt = (key: StanceKey, position: number): Stance | null =>
    stanceOf(
      (byKey.get(stanceKeyId(key)) ?? []).filter(
        (row) => Number(row.log_position) <= position && (row.superseded_at === null || Number(row.superseded_at) > position),
      ),
    );
  const ordered = [...touched.rows].sort(
    (a, b) => Number(a.at) - Number(b.at) || compareText(a.holder, b.holder) || compareText(a.topic, b.topic) || compareText(a.target, b.target),
  );
  for (const row of ordered) {
    const at = Number(row.at);
    const previous = stanceAt(row, at - 1);
    const current = stanceAt(row, at);
    if (JSON.stringify(previous) === JSON.stringify(current)) continue;
    const change = { cause: causes.get(at)!, previous, current };
    const list = changes.get(at);
    if (list) list.push(change);
    else changes.set(at, [change]);
  }
  return changes;
}

function stanceKeyId(key: StanceKey): string {
  return JSON.stringify([key.holder, key.topic, key.target]);
}

/** Null first, then code point order. */
function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
