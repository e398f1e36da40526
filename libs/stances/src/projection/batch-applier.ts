import type { RecordedEvent } from '@app/event-store';
import { toDomainEvent } from '@app/statements';
import type pg from 'pg';
import type { ReadModelTables } from '../read-model-tables.js';
import { currentStancesReadModel, type StanceKeys } from './read-models/current-stances.read-model.js';
import {
  sendWrites,
  type BatchContext,
  type BatchState,
  type EventStep,
  type ProjectedEvent,
  type ReadModel,
  type ReadModelWrites,
} from './read-models/read-model.js';
import { statementsReadModel } from './read-models/statements.read-model.js';
import { topicsReadModel } from './read-models/topics.read-model.js';
import { actorsReadModel } from './read-models/actors.read-model.js';
import { runScript } from './sql-script.js';

export type { BatchState } from './read-models/read-model.js';

/**
 * The read models, in the order each event is applied to them and their writes are sent:
 * the stances follow the statements, whose evolved statement they key by and whose rows a
 * recompute reads back.
 */
const READ_MODELS: readonly ReadModel[] = [topicsReadModel, statementsReadModel, currentStancesReadModel, actorsReadModel];

/** What a caller sends along with a batch's own SQL, in the same round trips. */
export interface ApplyOptions {
  /** Sent ahead of the batch's reads, in their round trip (the projector: BEGIN, its lock, the checkpoint). */
  prelude?: string[];
  /** Which of the events to apply, given the prelude's results (the projector: those after the checkpoint). */
  select?: (prelude: pg.QueryResult[]) => RecordedEvent[];
  /** Sent after the batch's last write, in its round trip (the projector: the checkpoint, NOTIFY, COMMIT). */
  epilogue?: (applied: RecordedEvent[]) => string[];
  /**
   * A rebuild collects the stance keys here instead of bringing them up to date in every
   * batch, and recomputes each once at the end (`recomputeStances`, the same code).
   */
  deferStances?: StanceKeys;
  /**
   * State the tables may not show yet: what the previous batch left (`PreparedBatch.state`)
   * while its writes are still in flight. Statements and topics found here are not read.
   */
  pending?: BatchState;
}

/** A batch evolved in memory: what to write, and the state it leaves. */
export interface PreparedBatch {
  applied: RecordedEvent[];
  state: BatchState;
  /** Every read model's writes, in the order of READ_MODELS. */
  writes: ReadModelWrites[];
}

/**
 * Applies a batch of log events to the read models inside the caller's transaction.
 * The same code serves live updates and rebuilds: state is loaded once per batch, evolved
 * in memory event by event, and written back with a handful of set-based statements —
 * two round trips in all (three when a stance needs a full recompute). Returns the
 * events applied.
 */
export async function applyLedgerEvents(
  client: pg.ClientBase,
  tables: ReadModelTables,
  events: RecordedEvent[],
  options: ApplyOptions = {},
): Promise<RecordedEvent[]> {
  const batch = await prepareLedgerBatch(client, tables, events, options);
  await writeLedgerBatch(client, batch, { epilogue: options.epilogue });
  return batch.applied;
}

/**
 * The first half of `applyLedgerEvents`: one round trip (the caller's prelude and every read
 * model's read), then every event evolved in memory by the read models that handle it.
 * Nothing is written, so a rebuild can prepare a batch while the previous one's writes are
 * still committing.
 */
export async function prepareLedgerBatch(
  client: pg.ClientBase,
  tables: ReadModelTables,
  events: RecordedEvent[],
  options: ApplyOptions = {},
): Promise<PreparedBatch> {
  // Types the read models do not know are someone else's; the log is shared.
  const domainEvents = events.map((recorded) => toDomainEvent(recorded));
  const context: BatchContext = { tables, mayBeApplied: options.select !== undefined, pending: options.pending, deferStances: options.deferStances };
  const batches = READ_MODELS.map((model) =>
    model.begin(
      domainEvents.filter((event): event is ProjectedEvent => event !== null && model.handles.has(event.type)),
      context,
    ),
  );

  const prelude = options.prelude ?? [];
  const reads = batches.flatMap((batch) => (batch.read === null ? [] : [batch.read]));
  const results = await runScript(client, [...prelude, ...reads]);
  const applied = options.select ? options.select(results.slice(0, prelude.length)) : events;
  let next = prelude.length;
  for (const batch of batches) batch.loaded(batch.read === null ? undefined : results[next++]);

  for (const recorded of applied) {
    const event = toDomainEvent(recorded);
    if (!event) continue;
    const step: EventStep = {};
    READ_MODELS.forEach((model, i) => {
      if (model.handles.has(event.type)) batches[i].apply(event, step);
    });
  }

  const state: BatchState = { statements: new Map(), topics: new Map() };
  for (const batch of batches) batch.handOn?.(state);
  return { applied, state, writes: batches.map((batch) => batch.writes()) };
}

/** The second half of `applyLedgerEvents`: a prepared batch's writes and the caller's epilogue, in one round trip (two after a read-back). */
export async function writeLedgerBatch(
  client: pg.ClientBase,
  batch: PreparedBatch,
  options: Pick<ApplyOptions, 'epilogue'> & {
    /** Sent ahead of the writes, in their round trip (a rebuild: BEGIN, asynchronous commit). */
    prelude?: string[];
  } = {},
): Promise<void> {
  const prelude = options.prelude ?? [];
  const epilogue = options.epilogue?.(batch.applied) ?? [];
  await sendWrites(client, prelude, batch.applied.length === 0 ? [] : batch.writes, epilogue);
}
