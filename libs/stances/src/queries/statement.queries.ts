import type pg from 'pg';
import { LIVE_TABLES, statementsWithDoc } from '../read-model-tables.js';
import { SEARCH_SQL } from '../migrations/1765000000000-statement-search.js';
import { PUBLISHER_SQL } from '../migrations/1765100000000-current-version-search.js';
import { orderStatementView, type StatementView } from '../statement-view.js';

export interface StatementFilter {
  country?: string;
  topic?: string;
  target?: string | null;
  utteranceId?: string;
  status?: 'active' | 'retracted';
  /** Over statedFrom, inclusive. */
  from?: string;
  to?: string;
  holder?: string;
  /** Enumerated filters: any of the values matches. */
  position?: string[];
  attribution?: string[];
  modality?: string[];
  cameoCode?: string;
  /** Case-insensitive exact: the speaker's name. */
  person?: string;
  /** Case-insensitive exact: any of the statement's sources' publisher. */
  publisher?: string;
  /** The API key name that recorded the statement. */
  recordedBy?: string;
  /** Full text, web-search syntax (`websearch_to_tsquery`, `simple` configuration). */
  q?: string;
  knownAt?: string;
  limit: number;
  cursor?: StatementCursor;
}

/** Where the previous page ended: (statedFrom, recording logPosition) of its last item. */
export interface StatementCursor {
  statedFrom: string;
  recordLogPosition: number;
}

export interface StatementPage {
  items: StatementView[];
  nextCursor: StatementCursor | null;
}

function versionsKnownAt(knownAt: string, params: unknown[]): string {
  params.push(knownAt);
  const at = `$${params.length}::timestamptz`;
  return `(SELECT * FROM ${LIVE_TABLES.versions} WHERE recorded_from <= ${at} AND (recorded_to IS NULL OR recorded_to > ${at})) s`;
}

export async function getStatement(pool: pg.Pool, statementId: string, knownAt?: string): Promise<StatementView | null> {
  const params: unknown[] = [];
  const from = knownAt ? versionsKnownAt(knownAt, params) : `${statementsWithDoc()} s`;
  params.push(statementId);
  const { rows } = await pool.query<{ doc: StatementView }>(`SELECT s.doc FROM ${from} WHERE s.statement_id = $${params.length}::uuid`, params);
  return rows[0] ? orderStatementView(rows[0].doc) : null;
}

/** `q` holds no word to search for (only operators or punctuation): the caller's input is wrong. */
export class SearchWithoutWordsError extends Error {
  constructor(readonly q: string) {
    super('q has no word to search for');
    this.name = 'SearchWithoutWordsError';
  }
}

/** Refuses a `q` from which web-search syntax keeps no word (PostgreSQL would match nothing and say so only in a notice). */
async function checkSearch(pool: pg.Pool, q: string): Promise<void> {
  const { rows } = await pool.query<{ nodes: number }>(`SELECT numnode(websearch_to_tsquery('simple', $1)) AS nodes`, [q]);
  if (rows[0].nodes === 0) throw new SearchWithoutWordsError(q);
}

/** One value: `=` (an index over the column and the list's order reads it in order); several: any of them. */
function oneOf(column: string, values: string[], placeholder: (value: unknown) => string): string {
  return values.length === 1 ? `${column} = ${placeholder(values[0])}` : `${column} = ANY(${placeholder(values)}::text[])`;
}

/**
 * A filter on a document value of many distinct values (a CAMEO code, a person). On the
 * present the list reads the current versions, whose index carries the list's order after the
 * value: a page is read in order and stops at the page. At `knownAt`: the statements having
 * any version with it, found first through the every-version index, then the version known
 * then checked. Written plainly, the planner walks the list's order through the ledger for a
 * page of a rare value, as if matches were spread evenly (1.5 s for a page at 1M, measured);
 * the id list is computed once and read by primary key.
 */
function selective(expression: (doc: string) => string, value: string, present: boolean): string[] {
  if (present) return [`${expression('s.doc')} = ${value}`]; // over the current versions: their index holds the list's order (1765100000000)
  return [
    `s.statement_id = ANY(ARRAY(SELECT m.statement_id FROM ${LIVE_TABLES.versions} m WHERE ${expression('m.doc')} = ${value}))`,
    `${expression('s.doc')} = ${value}`,
  ];
}

/** The present's statements as their current versions: what the list reads when a filter's index is one over the current versions. */
const CURRENT_VERSIONS = `(SELECT * FROM ${LIVE_TABLES.versions} WHERE recorded_to IS NULL) s`;

/**
 * The v2 filters (issue 15) as SQL over the relation `s` (a statement's typed columns and its
 * served `doc`), each the expression its index was built on (`SEARCH_SQL`). `s` is the
 * `statements` table joined to its documents, or (`versions`) rows of `statement_versions`.
 */
function searchConditions(filter: StatementFilter, relation: 'versions' | 'statements' | 'publishers', placeholder: (value: unknown) => string): string[] {
  const present = filter.knownAt === undefined;
  const where: string[] = [];
  if (filter.holder !== undefined) where.push(`s.holder = ${placeholder(filter.holder)}`);
  if (filter.position) where.push(oneOf('s.position', filter.position, placeholder));
  if (filter.attribution) where.push(oneOf('s.attribution', filter.attribution, placeholder));
  if (filter.modality) where.push(oneOf('s.modality', filter.modality, placeholder));
  if (filter.cameoCode !== undefined) where.push(...selective(SEARCH_SQL.cameoCode, placeholder(filter.cameoCode), present));
  if (filter.person !== undefined) where.push(...selective(SEARCH_SQL.person, `lower(${placeholder(filter.person)})`, present));
  if (filter.publisher !== undefined) {
    const publisher = `lower(${placeholder(filter.publisher)})`;
    if (relation === 'versions') where.push(`${SEARCH_SQL.publishers('s.doc')} @> jsonb_build_array(${publisher}::text)`);
    else if (relation === 'publishers') where.push(`${PUBLISHER_SQL('sp')} = ${publisher}`);
    else where.push(`EXISTS (SELECT 1 FROM ${LIVE_TABLES.publishers} sp WHERE sp.statement_id = s.statement_id AND ${PUBLISHER_SQL('sp')} = ${publisher})`);
  }
  if (filter.recordedBy !== undefined) where.push(`${SEARCH_SQL.recordedBy('s.doc')} = ${placeholder(filter.recordedBy)}`);
  if (filter.q !== undefined) where.push(`${SEARCH_SQL.words('s.doc')} @@ websearch_to_tsquery('simple', ${placeholder(filter.q)})`);
  return where;
}

/** Newest statedFrom first; ties by recording order, newest first; keyset-paginated. */
export async function listStatements(pool: pg.Pool, filter: StatementFilter): Promise<StatementPage> {
  if (filter.q !== undefined) await checkSearch(pool, filter.q);
  const params: unknown[] = [];
  const byCurrentVersion = filter.cameoCode !== undefined || filter.person !== undefined;
  const versions = filter.knownAt !== undefined || byCurrentVersion;
  // On the present, unless a filter reads the document: the page is chosen on the narrow
  // `statements` rows and only its documents are read after (a rare publisher's matches are
  // sorted without fetching each one's document).
  const docless = !versions && filter.q === undefined && filter.recordedBy === undefined;
  // A publisher on the present, the document unread: the page is read in order from the
  // publishers' index (`sp`), each statement once (one citing the publisher twice has two rows, adjacent).
  const byPublisher = docless && filter.publisher !== undefined;
  const order = byPublisher ? 'sp' : 's';
  const from = filter.knownAt
    ? versionsKnownAt(filter.knownAt, params)
    : byCurrentVersion
      ? CURRENT_VERSIONS
      : byPublisher
        ? `${LIVE_TABLES.publishers} sp JOIN ${LIVE_TABLES.statements} s ON s.statement_id = sp.statement_id`
        : docless
          ? `${LIVE_TABLES.statements} s`
          : `${statementsWithDoc()} s`;
  const where: string[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.country !== undefined) add((p) => `s.country = ${p}`, filter.country);
  if (filter.topic !== undefined) add((p) => `s.topic = ${p}`, filter.topic);
  if (filter.target === null) where.push('s.target IS NULL');
  else if (filter.target !== undefined) add((p) => `s.target = ${p}`, filter.target);
  if (filter.utteranceId !== undefined) add((p) => `s.utterance_id = ${p}::uuid`, filter.utteranceId);
  if (filter.status !== undefined) add((p) => `s.status = ${p}`, filter.status);
  if (filter.from !== undefined) add((p) => `s.stated_from >= ${p}::timestamptz`, filter.from);
  if (filter.to !== undefined) add((p) => `s.stated_from <= ${p}::timestamptz`, filter.to);
  where.push(
    ...searchConditions(filter, versions ? 'versions' : byPublisher ? 'publishers' : 'statements', (value) => {
      params.push(value);
      return `$${params.length}`;
    }),
  );
  if (filter.cursor) {
    params.push(filter.cursor.statedFrom, filter.cursor.recordLogPosition);
    where.push(`(${order}.stated_from, ${order}.record_log_position) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
  }
  params.push(filter.limit + 1);
  const page = `SELECT ${byPublisher ? `DISTINCT ON (sp.stated_from, sp.record_log_position)` : ''}
             ${docless ? 's.statement_id, s.revision' : 's.doc'}, ${order}.stated_from, ${order}.record_log_position FROM ${from}
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY ${order}.stated_from DESC, ${order}.record_log_position DESC
      LIMIT $${params.length}`;
  const { rows } = await pool.query<{ doc: StatementView; stated_from: Date; record_log_position: string }>(
    docless
      ? `SELECT v.doc, p.stated_from, p.record_log_position FROM (${page}) p
           JOIN ${LIVE_TABLES.versions} v ON v.statement_id = p.statement_id AND v.revision = p.revision
          ORDER BY p.stated_from DESC, p.record_log_position DESC`
      : page,
    params,
  );
  const items = rows.slice(0, filter.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((row) => orderStatementView(row.doc)),
    nextCursor: rows.length > filter.limit && last ? { statedFrom: last.stated_from.toISOString(), recordLogPosition: Number(last.record_log_position) } : null,
  };
}
