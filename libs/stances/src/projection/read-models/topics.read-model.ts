import type pg from 'pg';
import type { ReadModelTables } from '../../read-model-tables.js';
import { textArray, withJsonRows, type Sql } from '../sql-script.js';
import type { BatchContext, BatchState, ProjectedEvent, ReadModel, ReadModelBatch, ReadModelWrites } from './read-model.js';

export interface TopicRow {
  slug: string;
  title: string;
  description: string | null;
  registered_log_position: number;
  log_position: number;
}

/**
 * `topics`: TopicRegistered inserts a topic; TopicRevised changes the fields it names (a
 * null description removes it) and moves `log_position`. A batch reads the topics it
 * revises, and writes every topic it changed with one upsert.
 */
export const topicsReadModel: ReadModel = {
  name: 'topics',
  handles: new Set(['TopicRegistered', 'TopicRevised']),
  begin: (events, context) => new TopicsBatch(events, context),
};

class TopicsBatch implements ReadModelBatch {
  readonly read: string | null;
  private readonly slugs = new Set<string>();
  private topics = new Map<string, TopicRow>();
  /** The topics this batch changed, as it leaves them. */
  private readonly changed = new Map<string, TopicRow>();

  constructor(
    events: readonly ProjectedEvent[],
    private readonly context: BatchContext,
  ) {
    for (const event of events) if (event.type === 'TopicRevised') this.slugs.add(event.data.slug);
    const pending = context.pending?.topics;
    this.read = loadTopicsSql(
      context.tables,
      [...this.slugs].filter((slug) => !pending?.has(slug)),
    );
  }

  loaded(result: pg.QueryResult | undefined): void {
    if (result) this.topics = topicsOf(result);
    for (const slug of this.slugs) {
      const known = this.context.pending?.topics.get(slug);
      if (known) this.topics.set(slug, { ...known });
    }
  }

  apply(event: ProjectedEvent): void {
    switch (event.type) {
      case 'TopicRegistered': {
        const { data } = event;
        const topic = {
          slug: data.slug,
          title: data.title,
          description: data.description ?? null,
          registered_log_position: event.logPosition,
          log_position: event.logPosition,
        };
        this.topics.set(data.slug, topic);
        this.changed.set(data.slug, topic);
        break;
      }
      case 'TopicRevised': {
        const { data } = event;
        const topic = this.topics.get(data.slug);
        if (!topic) throw new Error(`TopicRevised for unknown topic ${data.slug} at ${event.logPosition}`);
        if (data.changes.title !== undefined) topic.title = data.changes.title;
        if (data.changes.description !== undefined) topic.description = data.changes.description;
        topic.log_position = event.logPosition;
        this.changed.set(data.slug, topic);
        break;
      }
    }
  }

  handOn(state: BatchState): void {
    state.topics = this.changed;
  }

  writes(): ReadModelWrites {
    const save = saveTopicsSql(this.context.tables, [...this.changed.values()]);
    return { sql: save ? [save] : [] };
  }
}

function loadTopicsSql(tables: ReadModelTables, slugs: string[]): string | null {
  if (slugs.length === 0) return null;
  return `SELECT slug, title, description, registered_log_position, log_position FROM ${tables.topics}
           WHERE slug = ANY(${textArray(slugs)}::text[])`;
}

function topicsOf(result: pg.QueryResult): Map<string, TopicRow> {
  const map = new Map<string, TopicRow>();
  for (const row of result.rows as TopicRow[]) map.set(row.slug, row);
  return map;
}

function saveTopicsSql(tables: ReadModelTables, rows: TopicRow[]): Sql | null {
  if (rows.length === 0) return null;
  return withJsonRows(
    rows,
    (json) => `INSERT INTO ${tables.topics} (slug, title, description, registered_log_position, log_position)
     SELECT slug, title, description, registered_log_position, log_position
       FROM jsonb_to_recordset(${json}) AS t(slug text, title text, description text, registered_log_position bigint, log_position bigint)
     ON CONFLICT (slug) DO UPDATE SET title = excluded.title, description = excluded.description, log_position = excluded.log_position`,
  );
}
