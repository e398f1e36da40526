import { eventStoreMigrations, PostgresEventStore, type RecordedEvent } from '@app/event-store';
import { runMigrations } from '@app/platform';
import { LIVE_TABLES, readModelMigrations, rebuildReadModels } from '@app/stances';
import {
  actorStreamId,
  CURRENT_SCHEMA_VERSION,
  statementStreamId,
  topicStreamId,
  type RegisteredActor,
  type ActorChanges,
  type LedgerEvent,
  type StatementChanges,
  type StatementContent,
} from '@app/statements';
import pg from 'pg';
import { applyLedgerEvents } from '../src/projection/batch-applier.js';
import { CONTENT } from '../../statements/src/testing/statement-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';

// Projection specs: given events (stamped as the store stamps them) → expected rows of the
// read models. Every spec runs its events through each way the product applies them — the
// live batch applier in one batch, in two, one event per batch, and the rebuild (deferred
// stances, a batch's state handed to the next while its writes commit) — and each must give
// exactly the rows the spec states.

/** recordedAt of the event at `logPosition`: one minute apart, from 2026-01-01. */
export const at = (logPosition: number): string => new Date(Date.UTC(2026, 0, 1) + logPosition * 60_000).toISOString();

/** The statement id of a spec's alias (`s1` → a fixed UUID), and back in the rows. */
const statementIdOf = (alias: string): string => `00000000-0000-4000-8000-${alias.replace(/\D/g, '').padStart(12, '0')}`;
const aliasOf = (id: string | null): string | null => (id === null ? null : `s${Number(id.slice(-12))}`);

const HASH = 'a'.repeat(64);

/** A log built event by event, each stamped with position, stream revision and metadata as the store would. */
export class GivenLog {
  readonly events: RecordedEvent[] = [];
  private readonly revisions = new Map<string, number>();

  registerTopic(slug: string, title: string, description: string | null = null): this {
    return this.add(topicStreamId(slug), { type: 'TopicRegistered', data: { slug, title, description } });
  }

  reviseTopic(slug: string, changes: { title?: string; description?: string | null }): this {
    return this.add(topicStreamId(slug), { type: 'TopicRevised', data: { slug, changes } });
  }

  registerActor(actor: RegisteredActor): this {
    return this.add(actorStreamId(actor.slug), { type: 'ActorRegistered', data: actor });
  }

  reviseActor(slug: string, changes: ActorChanges): this {
    return this.add(actorStreamId(slug), { type: 'ActorRevised', data: { slug, changes } });
  }

  /** Records statement `alias` (s1, s2, …): the fixture's content with `content` over it. */
  record(alias: string, content: Partial<StatementContent> = {}): this {
    const statementId = statementIdOf(alias);
    return this.add(statementStreamId(statementId), { type: 'StatementRecorded', data: { statementId, ...CONTENT, ...content } });
  }

  correct(alias: string, changes: StatementChanges): this {
    const statementId = statementIdOf(alias);
    return this.add(statementStreamId(statementId), { type: 'StatementCorrected', data: { statementId, changes, reason: 'Corrected.' } });
  }

  retract(alias: string): this {
    const statementId = statementIdOf(alias);
    return this.add(statementStreamId(statementId), { type: 'StatementRetracted', data: { statementId, reason: 'Retracted.' } });
  }

  /** An event of a type the ledger does not know (the log is shared): every read model ignores it. */
  foreign(): this {
    return this.add('someone-else-1', { type: 'SomethingElseHappened', data: { anything: true } });
  }

  private add(streamId: string, event: LedgerEvent | { type: string; data: Record<string, unknown> }): this {
    const logPosition = this.events.length + 1;
    const revision = (this.revisions.get(streamId) ?? -1) + 1;
    this.revisions.set(streamId, revision);
    this.events.push({
      logPosition,
      streamId,
      revision,
      eventId: `00000000-0000-4000-9000-${String(logPosition).padStart(12, '0')}`,
      type: event.type,
      data: event.data as RecordedEvent['data'],
      dataHash: HASH,
      metadata: {
        recordedAt: at(logPosition),
        recordedBy: 'analyst',
        correlationId: `c-${logPosition}`,
        causationId: null,
        schemaVersion: CURRENT_SCHEMA_VERSION,
      },
      prevHash: HASH,
      hash: HASH,
    });
    return this;
  }
}

export interface TopicRow {
  slug: string;
  title: string;
  description: string | null;
  registered_log_position: number;
  log_position: number;
}

export interface StatementRow {
  statement: string;
  revision: number;
  status: string;
  country: string;
  topic: string;
  target: string | null;
  position: string;
  stated_at: string;
  stated_from: string;
  record_log_position: number;
  log_position: number;
}

export interface VersionRow {
  statement: string;
  revision: number;
  status: string;
  country: string;
  topic: string;
  target: string | null;
  position: string;
  log_position: number;
  recorded_from: string;
  recorded_to: string | null;
  superseded_at: number | null;
  /** From the served document (`doc`): what a reader sees of this version. */
  summary: string | null;
  revised_at: string;
}

export interface StanceRow {
  holder: string;
  holder_kind: string;
  topic: string;
  target: string | null;
  position: string;
  score: number;
  stated_at: string;
  statement: string;
  since: string;
  statement_count: number;
  last_stated_from: string;
  last_record_log_position: number;
  attribution: string;
  modality: string;
}

export interface ActorRow extends RegisteredActor {
  registered_log_position: number;
  log_position: number;
}

export interface ExpectedRows {
  topics?: TopicRow[];
  actors?: ActorRow[];
  statements?: StatementRow[];
  versions?: VersionRow[];
  stances?: StanceRow[];
}

/** The ways events reach the read models; each must leave the same rows. */
export const PATHS = ['live, one batch', 'live, two batches', 'live, one event per batch', 'rebuild, batches of 2', 'rebuild, one batch'] as const;
export type ProjectionPath = (typeof PATHS)[number];

/** A migrated database to copy for each spec (a copy is cheaper than migrating). */
export class ProjectionSpecs {
  private constructor(private readonly template: TestDatabase) {}

  static async create(): Promise<ProjectionSpecs> {
    const template = await createTestDatabase('projection_spec_template');
    await runMigrations(template.url, [...eventStoreMigrations, ...readModelMigrations]);
    return new ProjectionSpecs(template);
  }

  async drop(): Promise<void> {
    await this.template.drop();
  }

  /** The rows each path leaves after `given`, by path. */
  async rowsByPath(given: GivenLog): Promise<Map<ProjectionPath, Required<ExpectedRows>>> {
    const db = await createTestDatabase('projection_spec', this.template.name);
    const pool = new pg.Pool({ connectionString: db.url, max: 3 });
    const store = await PostgresEventStore.create({ url: db.url });
    try {
      await storeEvents(pool, given.events);
      const rows = new Map<ProjectionPath, Required<ExpectedRows>>();
      for (const path of PATHS) {
        await pool.query(`TRUNCATE ${Object.values(LIVE_TABLES).join(', ')}`);
        await project(pool, store, given.events, path);
        rows.set(path, await snapshot(pool));
      }
      return rows;
    } finally {
      await store.close();
      await pool.end();
      await db.drop();
    }
  }

  /**
   * Every path leaves exactly the expected rows (the read models left out of `expected` must
   * be empty only when given as []; those not named are not compared).
   */
  async expectRows(given: GivenLog, expected: ExpectedRows): Promise<void> {
    for (const [path, rows] of await this.rowsByPath(given)) {
      const compared = Object.fromEntries(Object.keys(expected).map((name) => [name, rows[name as keyof ExpectedRows]]));
      expect({ path, ...compared }).toEqual({ path, ...expected });
    }
  }
}

/** The events into the log as stored rows (the store would chain them; the projection reads them back as they are). */
async function storeEvents(pool: pg.Pool, events: RecordedEvent[]): Promise<void> {
  await pool.query(
    `INSERT INTO events (log_position, stream_id, revision, event_id, type, data, data_hash, metadata, prev_hash, hash)
     SELECT log_position, stream_id, revision, event_id, type, data, data_hash, metadata, prev_hash, hash
       FROM jsonb_to_recordset($1::jsonb) AS e(log_position bigint, stream_id text, revision int, event_id uuid, type text, data jsonb,
            data_hash text, metadata jsonb, prev_hash text, hash text)`,
    [
      JSON.stringify(
        events.map((event) => ({
          log_position: event.logPosition,
          stream_id: event.streamId,
          revision: event.revision,
          event_id: event.eventId,
          type: event.type,
          data: event.data,
          data_hash: event.dataHash,
          metadata: event.metadata,
          prev_hash: event.prevHash,
          hash: event.hash,
        })),
      ),
    ],
  );
}

async function project(pool: pg.Pool, store: PostgresEventStore, events: RecordedEvent[], path: ProjectionPath): Promise<void> {
  const live = async (batches: RecordedEvent[][]) => {
    const client = await pool.connect();
    try {
      for (const batch of batches) {
        await client.query('BEGIN');
        await applyLedgerEvents(client, LIVE_TABLES, batch);
        await client.query('COMMIT');
      }
    } finally {
      client.release();
    }
  };
  const half = Math.ceil(events.length / 2);
  switch (path) {
    case 'live, one batch':
      return live([events]);
    case 'live, two batches':
      return live([events.slice(0, half), events.slice(half)]);
    case 'live, one event per batch':
      return live(events.map((event) => [event]));
    case 'rebuild, batches of 2':
      await rebuildReadModels(pool, store, undefined, { batchSize: 2 });
      return;
    case 'rebuild, one batch':
      await rebuildReadModels(pool, store, undefined, { batchSize: 1000 });
      return;
  }
}

const iso = (value: Date | null): string | null => value?.toISOString() ?? null;
const int = (value: string | number | null): number | null => (value === null ? null : Number(value));

async function snapshot(pool: pg.Pool): Promise<Required<ExpectedRows>> {
  const rows = async (sql: string) => (await pool.query(sql)).rows;
  const topics = (await rows(`SELECT slug, title, description, registered_log_position, log_position FROM topics ORDER BY slug`)).map((row) => ({
    ...row,
    registered_log_position: int(row.registered_log_position),
    log_position: int(row.log_position),
  }));
  const statements = (
    await rows(`SELECT statement_id, revision, status, country, topic, target, position, stated_at, stated_from, record_log_position, log_position
                  FROM statements ORDER BY record_log_position`)
  ).map(({ statement_id, ...row }) => ({
    statement: aliasOf(statement_id)!,
    ...row,
    stated_from: iso(row.stated_from)!,
    record_log_position: int(row.record_log_position)!,
    log_position: int(row.log_position)!,
  }));
  const versionRows = await rows(`SELECT statement_id, revision, status, country, topic, target, position, log_position, recorded_from, recorded_to,
                                         superseded_at, record_log_position, stated_from, doc
                                    FROM statement_versions ORDER BY record_log_position, revision`);
  const versions = versionRows.map(({ statement_id, doc, record_log_position: _record, stated_from: _from, ...row }) => {
    // The served document says what the version's columns say.
    expect(doc).toMatchObject({
      statementId: statement_id,
      revision: row.revision,
      status: row.status,
      actor: { country: row.country },
      topic: row.topic,
      target: row.target,
      position: row.position,
    });
    return {
      statement: aliasOf(statement_id)!,
      ...row,
      log_position: int(row.log_position)!,
      recorded_from: iso(row.recorded_from)!,
      recorded_to: iso(row.recorded_to),
      superseded_at: int(row.superseded_at),
      summary: doc.summary,
      revised_at: doc.revisedAt,
    };
  });
  const stances = (
    await rows(`SELECT holder, holder_kind, topic, target, position, score, stated_at, statement_id, since, statement_count, last_stated_from,
                       last_record_log_position, attribution, modality
                  FROM current_stances ORDER BY topic, holder COLLATE "C", target NULLS FIRST`)
  ).map(({ statement_id, ...row }) => ({
    ...row,
    statement: aliasOf(statement_id)!,
    last_stated_from: iso(row.last_stated_from)!,
    last_record_log_position: int(row.last_record_log_position)!,
  }));
  const actors = (await rows(`SELECT slug, name, kind, country, members, description, registered_log_position, log_position FROM actors ORDER BY slug`)).map(
    (row) => ({ ...row, registered_log_position: int(row.registered_log_position), log_position: int(row.log_position) }),
  );
  return { topics, actors, statements, versions, stances };
}
