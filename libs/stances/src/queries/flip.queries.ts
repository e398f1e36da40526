import { flipMoves, historyStep, type FlipChange, type FlipShift, type PositionChange, type PositionShift } from '@app/statements';
import type pg from 'pg';
import { LEDGER_PROJECTION, LIVE_TABLES } from '../read-model-tables.js';
import { activeStatementsSql, keyConditions, type StanceFilter } from './stance.queries.js';

export interface FlipFilter extends Pick<StanceFilter, 'topic' | 'holder' | 'target' | 'attribution' | 'asOf' | 'knownAt'> {
  /** Default both. */
  change?: readonly FlipChange[];
  /** Default all. */
  shift?: readonly FlipShift[];
  /** Leave out the pairs whose order is uncertain. */
  certain?: boolean;
  /** Over the later statement's statedFrom, inclusive. */
  from?: string;
  to?: string;
  limit: number;
  cursor?: FlipCursor;
}

/** Where the previous page ended — its last flip's later statement — and the log position every page reads at. */
export interface FlipCursor {
  statedFrom: string;
  recordLogPosition: number;
  logPosition: number;
}

export interface FlipEnd {
  statementId: string;
  position: string;
  statedAt: string;
}

/** Two adjacent statements of a key's history whose position moved: `to` and its step from `from`, exactly as the history tells it. */
export interface Flip {
  holder: string;
  topic: string;
  target: string | null;
  change: PositionChange;
  shift: PositionShift;
  orderUncertain: boolean;
  from: FlipEnd;
  to: FlipEnd;
}

export interface FlipPage {
  items: Flip[];
  nextCursor: FlipCursor | null;
}

interface PairRow {
  holder: string;
  topic: string;
  target: string | null;
  statement_id: string;
  position: string;
  stated_at: string;
  prev_statement_id: string;
  prev_position: string;
  prev_stated_at: string;
  /** statedFrom as an ISO instant to the microsecond (a cursor must not round it). */
  stated_from_iso: string;
  record_log_position: string;
  head: string;
}

/** The pairs asked for are read `certain`-blind and classified here; with `certain`, in batches this much larger than the page. */
const UNCERTAIN_HEADROOM = 4;

/**
 * The flips across keys, by the later statement's statedFrom descending, then its recording
 * logPosition descending. One SQL pass pairs each active statement of the matching keys with
 * the one before it in its key's history (the history's own selection and order), keeps the
 * pairs whose positions make a flip of the asked kinds (`flipMoves`), and each pair is then
 * classified by `historyStep`, as `/stances/history` classifies it. The first page reads the
 * ledger as it is (or at `knownAt`) and notes its log position in the cursor; later pages read
 * the ledger at that position, so that what is recorded meanwhile does not shift them.
 */
export async function listFlips(pool: pg.Pool, filter: FlipFilter): Promise<FlipPage> {
  const moves = flipMoves(filter.change, filter.shift);
  const items: { flip: Flip; row: PairRow }[] = [];
  if (moves.length === 0) return { items: [], nextCursor: null };
  const batch = filter.certain ? (filter.limit + 1) * UNCERTAIN_HEADROOM : filter.limit + 1;
  let after = filter.cursor;
  for (;;) {
    const rows = await pairs(pool, filter, moves, after, batch);
    for (const row of rows) {
      const step = historyStep({ position: row.prev_position, statedAt: row.prev_stated_at }, { position: row.position, statedAt: row.stated_at });
      if (filter.certain && step.orderUncertain) continue;
      items.push({
        row,
        flip: {
          holder: row.holder,
          topic: row.topic,
          target: row.target,
          ...step,
          from: { statementId: row.prev_statement_id, position: row.prev_position, statedAt: row.prev_stated_at },
          to: { statementId: row.statement_id, position: row.position, statedAt: row.stated_at },
        },
      });
    }
    const last = rows[rows.length - 1];
    if (items.length > filter.limit || rows.length < batch || !last) break;
    after = cursorAt(last);
  }
  const page = items.slice(0, filter.limit);
  return {
    items: page.map((item) => item.flip),
    nextCursor: items.length > filter.limit ? cursorAt(page[page.length - 1].row) : null,
  };
}

function cursorAt(row: PairRow): FlipCursor {
  return { statedFrom: row.stated_from_iso, recordLogPosition: Number(row.record_log_position), logPosition: Number(row.head) };
}

/** One batch of candidate pairs after `after`, each with the log position the answer reads at (`head`). */
async function pairs(pool: pg.Pool, filter: FlipFilter, moves: [string, string][], after: FlipCursor | undefined, limit: number): Promise<PairRow[]> {
  if (filter.knownAt === undefined && !(keyed(filter) && narrowed(filter))) {
    const walked = await walkedPairs(pool, filter, moves, after, limit);
    // A later page whose first page read the ledger as it still is; else the ledger moved since: read it as it was.
    if (walked) return walked;
  }
  return pairedByWindow(pool, filter, moves, after, limit);
}

const keyed = (filter: FlipFilter) => filter.topic !== undefined || filter.holder !== undefined || filter.target !== undefined;
const narrowed = (filter: FlipFilter) =>
  filter.change !== undefined || filter.shift !== undefined || filter.certain === true || filter.attribution !== undefined;

/**
 * The flips across every key of the present, found by walking the list's order (newest
 * statedFrom first) and looking up each statement's predecessor in its key's history through
 * the stance index (`statements_stance_idx`: the key, then the history's order), so a page
 * costs about as many index probes as statements it walks past, not a pass over the ledger
 * (the window over every key took ~2 s a page at 1M events). The same pairs as
 * `pairedByWindow` — the history's selection (its keys, `asOf`, `attribution`) and order — for
 * the present. Null for a later page when the ledger has moved past its cursor's position.
 * Chosen unless the keys are filtered and the flips narrowed too (a kind, a shift, `certain`,
 * an attribution): then the matches are sparse among few statements, and the window over the
 * keys' statements is the cheaper read (at 1M events, a topic's full flops on record: window
 * 24 ms, walk 91 ms; a topic's every flip: walk 9 ms, window 31 ms; every key: walk 6 ms,
 * window ~2 s).
 */
async function walkedPairs(
  pool: pg.Pool,
  filter: FlipFilter,
  moves: [string, string][],
  after: FlipCursor | undefined,
  limit: number,
): Promise<PairRow[] | null> {
  const params: unknown[] = [LEDGER_PROJECTION];
  const where = [
    `s.status = 'active'`,
    ...keyConditions('s', filter, params),
    `(p.position, s.position) IN (SELECT * FROM unnest($${params.push(moves.map((m) => m[0]))}::text[], $${params.push(moves.map((m) => m[1]))}::text[]))`,
  ];
  // With an attribution filter, the history holds only statements so attributed: the walked one and its predecessor.
  const attribution = filter.attribution === undefined ? 0 : params.push(filter.attribution);
  const attributed = (alias: string) => (attribution === 0 ? '' : `AND ${alias}.attribution = ANY($${attribution}::text[])`);
  if (attribution !== 0) where.push(`s.attribution = ANY($${attribution}::text[])`);
  if (filter.asOf !== undefined) where.push(`s.stated_from <= $${params.push(filter.asOf)}::timestamptz`);
  if (filter.from !== undefined) where.push(`s.stated_from >= $${params.push(filter.from)}::timestamptz`);
  if (filter.to !== undefined) where.push(`s.stated_from <= $${params.push(filter.to)}::timestamptz`);
  if (after) {
    where.push(`(s.stated_from, s.record_log_position) < ($${params.push(after.statedFrom)}::timestamptz, $${params.push(after.recordLogPosition)}::bigint)`);
  }
  // The predecessor: the key's active statement just before, in the history's order (a null target matched apart: `=` never matches it).
  const before = (target: string) => `(SELECT q.statement_id, q.position, q.stated_at FROM ${LIVE_TABLES.statements} q
     WHERE q.status = 'active' AND q.topic = s.topic AND q.holder = s.holder AND ${target} ${attributed('q')}
       AND (q.stated_from, q.record_log_position) < (s.stated_from, s.record_log_position)
     ORDER BY q.stated_from DESC, q.record_log_position DESC LIMIT 1)`;
  const { rows } = await pool.query<PairRow & { found: boolean }>(
    `WITH head AS (SELECT coalesce((SELECT log_position FROM projection_checkpoints WHERE name = $1), 0) AS at)
     SELECT head.at AS head, w.* FROM head LEFT JOIN LATERAL (
       SELECT true AS found, s.holder, s.topic, s.target, s.statement_id, s.position, s.stated_at,
              p.statement_id AS prev_statement_id, p.position AS prev_position, p.stated_at AS prev_stated_at,
              to_char(s.stated_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS stated_from_iso, s.stated_from, s.record_log_position
         FROM ${LIVE_TABLES.statements} s
        CROSS JOIN LATERAL (${before('q.target = s.target')} UNION ALL ${before('s.target IS NULL AND q.target IS NULL')}) p
        WHERE ${where.join(' AND ')}
        ORDER BY s.stated_from DESC, s.record_log_position DESC
        LIMIT $${params.push(limit)}) w ON true
     ORDER BY w.stated_from DESC, w.record_log_position DESC`,
    params,
  );
  if (after && rows[0] && Number(rows[0].head) !== after.logPosition) return null;
  return rows.filter((row) => row.found);
}

/** The pairs of each key's history as a window over the active statements that count: any filter, at any `knownAt` or log position. */
async function pairedByWindow(pool: pg.Pool, filter: FlipFilter, moves: [string, string][], after: FlipCursor | undefined, limit: number): Promise<PairRow[]> {
  const params: unknown[] = [];
  const selection: StanceFilter = { topic: filter.topic, holder: filter.holder, target: filter.target, attribution: filter.attribution, asOf: filter.asOf };
  let head: string;
  if (after) {
    params.push(after.logPosition);
    head = `SELECT $${params.length}::bigint AS at`;
    selection.atLogPosition = after.logPosition;
  } else if (filter.knownAt !== undefined) {
    // recordedAt never decreases along the log: what was known at knownAt is the log up to its
    // last statement event recorded by then.
    params.push(filter.knownAt);
    head = `SELECT coalesce(max(log_position), 0) AS at FROM ${LIVE_TABLES.versions}
             WHERE recorded_from = (SELECT max(recorded_from) FROM ${LIVE_TABLES.versions} WHERE recorded_from <= $${params.length}::timestamptz)`;
    selection.knownAt = filter.knownAt;
  } else {
    // The read models and their checkpoint commit together: in this statement's snapshot, the checkpoint is what they hold.
    params.push(LEDGER_PROJECTION);
    head = `SELECT coalesce((SELECT log_position FROM projection_checkpoints WHERE name = $${params.length}), 0) AS at`;
  }
  const active = activeStatementsSql(selection, params);
  const where = [
    `(p.prev_position, p.position) IN (SELECT * FROM unnest($${params.push(moves.map((m) => m[0]))}::text[], $${params.push(moves.map((m) => m[1]))}::text[]))`,
  ];
  if (filter.from !== undefined) where.push(`p.stated_from >= $${params.push(filter.from)}::timestamptz`);
  if (filter.to !== undefined) where.push(`p.stated_from <= $${params.push(filter.to)}::timestamptz`);
  if (after) {
    where.push(`(p.stated_from, p.record_log_position) < ($${params.push(after.statedFrom)}::timestamptz, $${params.push(after.recordLogPosition)}::bigint)`);
  }
  const { rows } = await pool.query<PairRow>(
    `WITH head AS (${head}),
          active AS (${active}),
          paired AS (
            SELECT a.*, lag(a.statement_id) OVER w AS prev_statement_id, lag(a.position) OVER w AS prev_position, lag(a.stated_at) OVER w AS prev_stated_at
              FROM active a
            WINDOW w AS (PARTITION BY a.holder, a.topic, a.target ORDER BY a.stated_from, a.record_log_position))
     SELECT p.holder, p.topic, p.target, p.statement_id, p.position, p.stated_at, p.prev_statement_id, p.prev_position, p.prev_stated_at,
            to_char(p.stated_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS stated_from_iso, p.record_log_position, head.at AS head
       FROM paired p CROSS JOIN head
      WHERE ${where.join(' AND ')}
      ORDER BY p.stated_from DESC, p.record_log_position DESC
      LIMIT $${params.push(limit)}`,
    params,
  );
  return rows;
}
