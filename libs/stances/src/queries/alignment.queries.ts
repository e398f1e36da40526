import { alignmentOf, isCountryCode, type HolderAlignment } from '@app/statements';
import type pg from 'pg';
import { openLedgerSnapshot } from '../export/ledger-snapshot.js';
import { LIVE_TABLES } from '../read-model-tables.js';
import { listStances, statementsSource, type StanceFilter } from './stance.queries.js';

export interface AlignmentFilter extends Pick<StanceFilter, 'topic' | 'attribution' | 'asOf' | 'knownAt'> {
  /** Only pairs among these holders; undefined: every holder. */
  holders?: readonly string[];
  /** Pairs sharing fewer keys are left out. */
  minShared: number;
}

/**
 * How far holders agree, over exactly the stances `/stances` answers for the same filters
 * (`listStances`: the stored table for the present, computed for asOf, knownAt or
 * attribution), each with the utteranceId of its last statement as the ledger knew it then.
 * Both reads see one snapshot of the read models, so a correction landing between them
 * cannot pair a stance with another version's utterance.
 */
export async function listAlignment(pool: pg.Pool, filter: AlignmentFilter): Promise<HolderAlignment[]> {
  const snapshot = await openLedgerSnapshot(pool);
  try {
    const { topic, holders, attribution, asOf, knownAt } = filter;
    const stances = await listStances(snapshot.db, { topic, holders, attribution, asOf, knownAt });
    const utterances = await utterancesOf(
      snapshot.db,
      stances.map((stance) => stance.statementId),
      knownAt,
    );
    return alignmentOf(
      stances.map((stance) => ({ ...stance, utteranceId: utterances.get(stance.statementId) ?? null })),
      filter.minShared,
    );
  } finally {
    await snapshot.close();
  }
}

/** The utteranceId of each of these statements that has one, in its version current at `knownAt` (else now). */
async function utterancesOf(db: pg.Pool, statementIds: string[], knownAt: string | undefined): Promise<Map<string, string>> {
  if (statementIds.length === 0) return new Map();
  const params: unknown[] = [];
  const from = statementsSource(knownAt, params);
  params.push(statementIds);
  const { rows } = await db.query<{ statement_id: string; utterance_id: string }>(
    `SELECT s.statement_id, s.utterance_id FROM ${from} WHERE s.statement_id = ANY($${params.length}::uuid[]) AND s.utterance_id IS NOT NULL`,
    params,
  );
  return new Map(rows.map((row) => [row.statement_id, row.utterance_id]));
}

/** The holders among these that are neither a country code nor a registered actor's slug. */
export async function unregisteredHolders(pool: pg.Pool, holders: readonly string[]): Promise<string[]> {
  const slugs = holders.filter((holder) => !isCountryCode(holder));
  if (slugs.length === 0) return [];
  const { rows } = await pool.query<{ slug: string }>(`SELECT slug FROM ${LIVE_TABLES.actors} WHERE slug = ANY($1::text[])`, [slugs]);
  const registered = new Set(rows.map((row) => row.slug));
  return slugs.filter((slug) => !registered.has(slug));
}
