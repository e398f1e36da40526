import type pg from 'pg';
import { listStances, type Stance, type StanceFilter } from '../queries/stance.queries.js';
import { listStatements, type StatementCursor, type StatementFilter } from '../queries/statement.queries.js';
import { listTopics } from '../queries/topic.queries.js';
import type { StatementView } from '../statement-view.js';

/** Statements per read: the list's own keyset query, so a page costs what a page of GET /v1/statements costs. */
const STATEMENT_PAGE = 1000;

export type StatementExportFilter = Omit<StatementFilter, 'limit' | 'cursor'>;

/**
 * Every statement matching `filter`, in the list's order (newest statedFrom first), a page
 * at a time through `listStatements` — the next page already asked for while this one is
 * written out, and never more than two in memory.
 */
export async function* statementRows(db: pg.Pool, filter: StatementExportFilter): AsyncGenerator<StatementView[]> {
  const read = (cursor: StatementCursor | undefined) => {
    const page = listStatements(db, { ...filter, limit: STATEMENT_PAGE, cursor });
    // Awaited below; a consumer that stops early must not leave it an unhandled rejection.
    page.catch(() => undefined);
    return page;
  };
  let next = read(undefined);
  for (;;) {
    const page = await next;
    if (page.nextCursor) next = read(page.nextCursor);
    if (page.items.length > 0) yield page.items;
    if (!page.nextCursor) return;
  }
}

/**
 * Every stance matching `filter`, topic by topic (in slug order), each topic's as
 * `listStances` answers it: memory holds one topic's stances (and, with asOf or knownAt,
 * its active statements), never the whole ledger's.
 */
export async function* stanceRows(db: pg.Pool, filter: StanceFilter): AsyncGenerator<Stance[]> {
  const topics = filter.topic !== undefined ? [filter.topic] : (await listTopics(db)).map((topic) => topic.slug);
  for (const topic of topics) {
    const stances = await listStances(db, { ...filter, topic });
    if (stances.length > 0) yield stances;
  }
}
