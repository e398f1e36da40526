import type { RegisteredActor, ActorKind } from '@app/statements';
import type pg from 'pg';
import { LIVE_TABLES } from '../read-model-tables.js';

export interface ActorFilter {
  kind?: ActorKind;
  country?: string;
}

const COLUMNS = 'slug, name, kind, country, members, description';

/** The actors, by slug; `kind` and `country` (a body's country) filter when given. */
export async function listActors(pool: pg.Pool, filter: ActorFilter = {}): Promise<RegisteredActor[]> {
  const { rows } = await pool.query<RegisteredActor>(
    `SELECT ${COLUMNS} FROM ${LIVE_TABLES.actors}
      WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR country = $2)
      ORDER BY slug`,
    [filter.kind ?? null, filter.country ?? null],
  );
  return rows;
}

export async function getActor(pool: pg.Pool, slug: string): Promise<RegisteredActor | null> {
  const { rows } = await pool.query<RegisteredActor>(`SELECT ${COLUMNS} FROM ${LIVE_TABLES.actors} WHERE slug = $1`, [slug]);
  return rows[0] ?? null;
}
