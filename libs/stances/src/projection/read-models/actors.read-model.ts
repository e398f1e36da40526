import type { ReadModelTables } from '../../read-model-tables.js';
import { withJsonRows, type Sql } from '../sql-script.js';
import type { BatchContext, ProjectedEvent, ReadModel, ReadModelBatch, ReadModelWrites } from './read-model.js';

export interface ActorRow {
  slug: string;
  name: string;
  kind: string;
  country: string | null;
  members: string[];
  description: string | null;
  registered_log_position: number;
  log_position: number;
}

/**
 * `actors`: ActorRegistered inserts an actor; ActorRevised changes the fields it names (a
 * null description removes it; members are replaced whole) and moves `log_position`.
 * Actor events are few, so each becomes one statement, sent in log order with the batch's
 * writes: a revision updates the row in SQL and needs nothing read first, nor any state
 * handed to the next batch (a rebuild sends one batch's writes after the previous commit).
 */
export const actorsReadModel: ReadModel = {
  name: 'actors',
  handles: new Set(['ActorRegistered', 'ActorRevised']),
  begin: (_events, context) => new ActorsBatch(context),
};

class ActorsBatch implements ReadModelBatch {
  readonly read = null;
  private readonly sql: Sql[] = [];

  constructor(private readonly context: BatchContext) {}

  loaded(): void {}

  apply(event: ProjectedEvent): void {
    const { tables } = this.context;
    switch (event.type) {
      case 'ActorRegistered':
        this.sql.push(registerSql(tables, event.data, event.logPosition));
        break;
      case 'ActorRevised':
        this.sql.push(reviseSql(tables, event.data, event.logPosition));
        break;
    }
  }

  writes(): ReadModelWrites {
    return { sql: this.sql };
  }
}

function registerSql(tables: ReadModelTables, actor: object, logPosition: number): Sql {
  return withJsonRows(
    { ...actor, log_position: logPosition },
    (json) => `INSERT INTO ${tables.actors} (slug, name, kind, country, members, description, registered_log_position, log_position)
     SELECT a->>'slug', a->>'name', a->>'kind', a->>'country', COALESCE(a->'members', '[]'), a->>'description', (a->>'log_position')::bigint, (a->>'log_position')::bigint
       FROM (SELECT ${json} AS a) AS registered
     ON CONFLICT (slug) DO UPDATE SET name = excluded.name, kind = excluded.kind, country = excluded.country, members = excluded.members,
       description = excluded.description, registered_log_position = excluded.registered_log_position, log_position = excluded.log_position`,
  );
}

/** A revision names only the fields it changes: `c ? 'field'` tells a field set to null from one left alone. */
function reviseSql(tables: ReadModelTables, revised: { slug: string; changes: object }, logPosition: number): Sql {
  return withJsonRows(
    { slug: revised.slug, changes: revised.changes, log_position: logPosition },
    (json) => `UPDATE ${tables.actors} t
        SET name = CASE WHEN r.c ? 'name' THEN r.c->>'name' ELSE t.name END,
            description = CASE WHEN r.c ? 'description' THEN r.c->>'description' ELSE t.description END,
            members = CASE WHEN r.c ? 'members' THEN r.c->'members' ELSE t.members END,
            log_position = r.log_position
       FROM (SELECT a->'changes' AS c, a->>'slug' AS slug, (a->>'log_position')::bigint AS log_position FROM (SELECT ${json} AS a) AS given) AS r
      WHERE t.slug = r.slug`,
  );
}
