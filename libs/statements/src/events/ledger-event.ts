import type { ActorEvent } from '../actors/actor.events.js';
import type { StatementEvent } from '../statements/statement.events.js';
import { upcastStatementRecordedV1 } from '../statements/statement.upcast.js';
import type { TopicEvent } from '../topics/topic.events.js';

/**
 * The version of the event schemas this code writes. Every write path stamps it into
 * `metadata.schemaVersion`; `toDomainEvent` reads events of every version it knows.
 * 2: a statement has `holder`, `attribution`, `modality` and `sources` (CONTRACT.md, v2).
 */
export const CURRENT_SCHEMA_VERSION = 2;

/** Every event the ledger's domain writes. */
export type LedgerEvent = StatementEvent | TopicEvent | ActorEvent;

/** What `toDomainEvent` needs of an event as the log stores it (the event store's RecordedEvent has it). */
export interface StoredEvent {
  type: string;
  data: unknown;
  metadata: { schemaVersion: number };
}

/** Where and when an event stands in the log: what read models and answers need besides its data. */
export interface EventEnvelope {
  logPosition: number;
  revision: number;
  metadata: { recordedAt: string; recordedBy: string; schemaVersion: number };
}

/** A stored event whose `type` and `data` are those of a domain event, the rest of `S` kept. */
export type DomainRecorded<S extends StoredEvent = StoredEvent, E extends LedgerEvent = LedgerEvent> = E extends LedgerEvent
  ? Omit<S, 'type' | 'data'> & E
  : never;

/** The event types of a statement's stream, of a topic's and of an actor's, and all of them (topics first, actors, added later, last). */
export const STATEMENT_EVENT_TYPES = ['StatementRecorded', 'StatementCorrected', 'StatementRetracted'] as const satisfies readonly StatementEvent['type'][];
export const TOPIC_EVENT_TYPES = ['TopicRegistered', 'TopicRevised'] as const satisfies readonly TopicEvent['type'][];
export const ACTOR_EVENT_TYPES = ['ActorRegistered', 'ActorRevised'] as const satisfies readonly ActorEvent['type'][];
export const EVENT_TYPES = [...TOPIC_EVENT_TYPES, ...STATEMENT_EVENT_TYPES, ...ACTOR_EVENT_TYPES] as const;

const STATEMENT_TYPES: ReadonlySet<string> = new Set(STATEMENT_EVENT_TYPES);
const TOPIC_TYPES: ReadonlySet<string> = new Set(TOPIC_EVENT_TYPES);
const ACTOR_TYPES: ReadonlySet<string> = new Set(ACTOR_EVENT_TYPES);
const KNOWN_TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);

/**
 * The upcast seam: the one place a stored event becomes a domain event. Keyed by
 * `metadata.schemaVersion`: an event written under an older schema is rewritten here into
 * today's shape (a new object: the stored event, hashed and served as stored, is not
 * changed). Null for a type the domain does not know — the log is shared, and such an
 * event is someone else's.
 */
export function toDomainEvent<S extends StoredEvent>(stored: S): DomainRecorded<S> | null {
  if (!KNOWN_TYPES.has(stored.type)) return null;
  switch (stored.metadata.schemaVersion) {
    case 1:
      // Only a statement's recording changed shape in version 2 (see upcastStatementRecordedV1).
      if (stored.type !== 'StatementRecorded') return readAsWritten(stored);
      return readAsWritten({ ...stored, data: upcastStatementRecordedV1(stored.data as Parameters<typeof upcastStatementRecordedV1>[0]) });
    case CURRENT_SCHEMA_VERSION:
      return readAsWritten(stored);
    default:
      throw new Error(`${stored.type} has schemaVersion ${stored.metadata.schemaVersion}, which this code cannot read (it writes ${CURRENT_SCHEMA_VERSION})`);
  }
}

/**
 * The one cast on event data: an event in today's shape (written by this schema version, or
 * upcast just above) was built from these very types by `decide` and is stored unchanged
 * (hash-chained), so it is read as written without re-validating every field on every load
 * and every projected event.
 */
function readAsWritten<S extends StoredEvent>(event: StoredEvent): DomainRecorded<S> {
  return event as unknown as DomainRecorded<S>;
}

export function isStatementEvent<E extends { type: string }>(event: E): event is Extract<E, StatementEvent> {
  return STATEMENT_TYPES.has(event.type);
}

export function isTopicEvent<E extends { type: string }>(event: E): event is Extract<E, TopicEvent> {
  return TOPIC_TYPES.has(event.type);
}

export function isActorEvent<E extends { type: string }>(event: E): event is Extract<E, ActorEvent> {
  return ACTOR_TYPES.has(event.type);
}
