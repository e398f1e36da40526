/**
 * The event store port. Vocabulary follows EventStoreDB/KurrentDB so that every adapter
 * (PostgreSQL, KurrentDB) passes one shared contract suite.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** `any`: no check; `no_stream`: the stream must not exist; `stream_exists`: it must; n: its last revision is exactly n. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** Supplied by the caller; `recordedAt` is set by the store. */
export interface EventMetadataInput {
  recordedBy: string;
  correlationId: string;
  causationId: string | null;
  schemaVersion: number;
}

export interface EventMetadata extends EventMetadataInput {
  /** RFC 3339 UTC with milliseconds; never decreases along the log. */
  recordedAt: string;
}

export interface NewEvent {
  /** UUID; derive it from the request (e.g. UUIDv5 of an idempotency key) so retries map onto it. */
  eventId: string;
  type: string;
  /**
   * A JSON object. Typed `object` so that a caller's own event interfaces need no cast: the
   * store checks it at run time and keeps it as JSON will store it (`storableObject`).
   */
  data: object;
  metadata: EventMetadataInput;
}

export interface AppendItem {
  streamId: string;
  expected: ExpectedRevision;
  events: NewEvent[];
}

/**
 * What a write chose to keep as its result, stored with the idempotency key in the same
 * transaction as the events and handed back as stored on a replay. Opaque to the store.
 */
export type StoredResult = JsonValue;

export interface IdempotencyRequest {
  /** API key name + route, so two clients' keys never collide. */
  scope: string;
  key: string;
  /** SHA-256 hex of the RFC 8785 form of the request body. */
  requestHash: string;
  /**
   * Builds the result to keep from the committed append, inside the writer, so that it is
   * stored in the same transaction as the events.
   */
  storedResult(result: AppendResult): StoredResult;
}

/**
 * Unique claims a unit takes and releases with its events, atomically (a uniqueness rule of
 * the caller's, e.g. "no two active statements alike"). Opaque strings to the store: `key`
 * is held by at most one `owner`; a unit taking a key another owner holds is refused with
 * ClaimTakenError (nothing written), unless the same unit releases it first.
 */
export interface UniqueClaims {
  release: string[];
  take: { key: string; owner: string }[];
}

/** One atomic unit: every item's expectation holds and all its events are written, or nothing is. */
export interface AppendUnit {
  items: AppendItem[];
  idempotency?: IdempotencyRequest;
  claims?: UniqueClaims;
}

export interface AppendedItem {
  streamId: string;
  /** The stream's last revision after the append (revisions start at 0). */
  revision: number;
  /** logPosition of the item's last event (of the existing ones on an idempotent replay). */
  logPosition: number;
}

export interface AppendResult {
  /** False when the unit was already stored (same event ids): nothing was written. */
  written: boolean;
  items: AppendedItem[];
  /** logPosition of the unit's last event. */
  logPosition: number;
  /** recordedAt of the unit's events. */
  recordedAt: string;
  /** Set when an idempotency key with the same request was found: the first write's stored result. */
  replayed?: StoredResult;
}

export interface RecordedEvent {
  logPosition: number;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  data: JsonObject;
  dataHash: string;
  metadata: EventMetadata;
  prevHash: string;
  hash: string;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the first (forwards) or last (backwards) revision. */
  fromRevision?: number;
  limit?: number;
}

export interface ReadAllOptions {
  /** Exclusive logPosition; 0 reads from the start. */
  after: number;
  limit: number;
}

export interface Head {
  logPosition: number;
  hash: string;
  recordedAt: string | null;
}

export interface Subscription {
  close(): Promise<void>;
}

export interface SubscribeOptions {
  /** Exclusive logPosition to catch up from. */
  after: number;
  /** Called with consecutive batches; the next batch waits until the promise resolves. */
  onEvents(events: RecordedEvent[]): Promise<void>;
  onError?(error: unknown): void;
  batchSize?: number;
}

export interface IdempotencyRecord {
  requestHash: string;
  result: StoredResult;
}

export interface EventStore {
  append(unit: AppendUnit): Promise<AppendResult>;
  /** A stored idempotency key with its first write's result, or null. */
  findIdempotencyRecord(scope: string, key: string): Promise<IdempotencyRecord | null>;
  /** Who holds a unique claim (`AppendUnit.claims`) now, or null: for checks made before a write, which still decides. */
  claimHolder(key: string): Promise<string | null>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  head(): Promise<Head>;
  /** Delivers every event once, in logPosition order, from `after`, then live. */
  subscribe(options: SubscribeOptions): Subscription;
  /** Registers a listener told the new head whenever events are committed (in process or by another process). */
  onCommitted(listener: (logPosition: number) => void): () => void;
  close(): Promise<void>;
}

/** The 64 zeros that stand before the first event's hash. */
export const GENESIS_HASH = '0'.repeat(64);
