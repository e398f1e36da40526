import type { RecordedEvent } from '@app/event-store';
import type { DomainRecorded, LedgerEvent } from '@app/statements';
import type pg from 'pg';
import type { ReadModelTables } from '../../read-model-tables.js';
import type { ProjectedStatement } from '../projected-statement.js';
import { runScript, type Sql } from '../sql-script.js';
import type { StanceKeys } from './current-stances.read-model.js';
import type { TopicRow } from './topics.read-model.js';

/** A log event as the read models see it: a typed domain event (`toDomainEvent`) with its place in the log. */
export type ProjectedEvent = DomainRecorded<RecordedEvent>;

/** The statements and topics a batch changed, as it left them: what the next batch may not find in the tables yet. */
export interface BatchState {
  statements: Map<string, ProjectedStatement>;
  topics: Map<string, TopicRow>;
}

/** What every read model of a batch knows besides its events. */
export interface BatchContext {
  tables: ReadModelTables;
  /**
   * Whether events may turn out to be applied already, so that a statement recorded in the
   * batch may be stored (the projector skips events at or below its checkpoint, known only
   * once the first round trip has answered).
   */
  mayBeApplied: boolean;
  /** State the tables may not show yet (a rebuild's previous batch, still committing): found here, not read. */
  pending?: BatchState;
  /** A rebuild collects the stance keys here and recomputes each once at the end, instead of in every batch. */
  deferStances?: StanceKeys;
}

/**
 * What earlier read models made of the event being applied, for the later ones: the
 * statements read model evolves a statement once, and the stances read model keys by it.
 */
export interface EventStep {
  statement?: { before: ProjectedStatement | null; after: ProjectedStatement };
}

/** A read model's writes for one batch. */
export interface ReadModelWrites {
  /** Sent in the batch's writes round trip, after the earlier read models' writes. */
  sql: Sql[];
  /**
   * A read of what the writes left, sent at the end of their round trip, and the writes it
   * decides, sent with the caller's epilogue in one more round trip (the stance of a key
   * recomputed from the key's statements as this batch leaves them).
   */
  readBack?: { sql: string; writes(result: pg.QueryResult): Sql[] };
}

/** One read model in one batch: its read, its state evolved event by event, its writes. */
export interface ReadModelBatch {
  /** Its query in the batch's first round trip, or null when it needs nothing read. */
  readonly read: string | null;
  /** The read's answer (undefined when it read nothing), before any event is applied. */
  loaded(result: pg.QueryResult | undefined): void;
  /** One event of a type it handles, in log order (after the read models before it in the batch applier's list). */
  apply(event: ProjectedEvent, step: EventStep): void;
  /** Its share of the state handed to the next batch. */
  handOn?(state: BatchState): void;
  /** Its writes, once every event is applied. */
  writes(): ReadModelWrites;
}

/**
 * A read model: the events it handles and how they change its rows. The batch applier
 * (`batch-applier.ts`) starts one `ReadModelBatch` per batch, gathers every read model's
 * read into one round trip and every write into the next.
 */
export interface ReadModel {
  readonly name: string;
  readonly handles: ReadonlySet<LedgerEvent['type']>;
  /** `events` are the batch's events of the types it handles, before the caller chose which to apply. */
  begin(events: readonly ProjectedEvent[], context: BatchContext): ReadModelBatch;
}

/**
 * Sends read models' writes: `prelude`, every `sql` in order and `epilogue` in one round
 * trip; when one asks for a read-back, the reads end the first round trip and the writes
 * they decide go with the epilogue in a second.
 */
export async function sendWrites(client: pg.ClientBase, prelude: Sql[], writes: readonly ReadModelWrites[], epilogue: Sql[]): Promise<void> {
  const sql = writes.flatMap((write) => write.sql);
  const readBacks = writes.flatMap((write) => (write.readBack ? [write.readBack] : []));
  if (readBacks.length === 0) {
    await runScript(client, [...prelude, ...sql, ...epilogue]);
    return;
  }
  const results = await runScript(client, [...prelude, ...sql, ...readBacks.map((readBack) => readBack.sql)]);
  const answers = results.slice(results.length - readBacks.length);
  await runScript(client, [...readBacks.flatMap((readBack, i) => readBack.writes(answers[i])), ...epilogue]);
}
