import { ClaimTakenError, DuplicateEventIdError, IdempotencyKeyReusedError, WrongExpectedRevisionError } from '../event-store.errors.js';
import type { AppendedItem, AppendResult, EventMetadata, ExpectedRevision, Head, RecordedEvent, StoredResult } from '../event-store.port.js';
import { eventHash } from '../hash-chain.js';
import { storableJson, type PreparedItem, type PreparedUnit } from './prepared-unit.js';

/**
 * The writer's decisions for one batch, made in memory from what it read under the lock.
 * Pure: no I/O and no clock (the database's clock comes in the state), so every rule of
 * the port — expected revisions, idempotency by event id and by key — is tested here
 * without a database.
 */

export interface StreamHead {
  revision: number;
  logPosition: number;
}

export interface StoredEventPlace {
  streamId: string;
  revision: number;
  logPosition: number;
  recordedAt: string;
}

export interface StoredKey {
  requestHash: string;
  response: StoredResult;
  logPosition: number | null;
  recordedAt: string;
}

/** What the batch's decisions depend on, read under the writer lock. */
export interface BatchState {
  head: Head;
  /** The database clock when the lock was taken (one clock for every process). */
  now: string;
  /** Last revision of each stream the batch names that exists. */
  streams: Map<string, StreamHead>;
  /** Where each of the batch's event ids already stands, by lower-case id. */
  eventsById: Map<string, StoredEventPlace>;
  /** The batch's idempotency keys that are stored, by `keyOf(scope, key)`. */
  keys: Map<string, StoredKey>;
  /** The unique claims the batch takes that are held, and by whom. */
  claims: Map<string, string>;
}

export interface IdempotencyKeyRow {
  scope: string;
  key: string;
  requestHash: string;
  response: StoredResult;
  logPosition: number;
  recordedAt: string;
}

export type UnitOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

export interface BatchDecision {
  /** One per unit, in the batch's order. */
  outcomes: UnitOutcome[];
  /** The accepted events, positions contiguous from head + 1, chained. */
  events: RecordedEvent[];
  keys: IdempotencyKeyRow[];
  /** The claims to delete (held before the batch, released by it), then those to insert (taken by it, held after it). */
  claims: { release: { key: string; owner: string }[]; take: { key: string; owner: string }[] };
  recordedAt: string;
}

export function keyOf(scope: string, key: string): string {
  return JSON.stringify([scope, key]);
}

interface UnitPlan {
  result: AppendResult;
  events: RecordedEvent[];
  streams: Map<string, StreamHead>;
  key?: IdempotencyKeyRow;
  /** The claims held after the unit, for the keys it touched (null: released). */
  claims?: Map<string, string | null>;
}

/** Decides each unit in order; a unit sees the streams, ids and keys its batch-mates before it wrote. */
export function decideBatch(state: BatchState, units: PreparedUnit[]): BatchDecision {
  const recordedAt = laterOf(state.now, state.head.recordedAt);
  const batch = {
    head: { logPosition: state.head.logPosition, hash: state.head.hash },
    recordedAt,
    streams: new Map(state.streams),
    eventsById: new Map(state.eventsById),
    keys: new Map(state.keys),
    claims: new Map(state.claims),
  };
  const decision: BatchDecision = { outcomes: [], events: [], keys: [], claims: { release: [], take: [] }, recordedAt };
  /** Each claim the batch touched: who held it before the batch (null: nobody), and who holds it after. */
  const touched = new Map<string, { before: string | null; after: string | null }>();
  for (const unit of units) {
    let plan: UnitPlan;
    try {
      plan = planUnit(batch, unit);
    } catch (error) {
      decision.outcomes.push({ ok: false, error });
      continue;
    }
    decision.outcomes.push({ ok: true, result: plan.result });
    decision.events.push(...plan.events);
    for (const { eventId, streamId, revision, logPosition } of plan.events) {
      batch.eventsById.set(eventId, { streamId, revision, logPosition, recordedAt });
    }
    const last = plan.events.at(-1);
    if (last) batch.head = { logPosition: last.logPosition, hash: last.hash };
    for (const [streamId, head] of plan.streams) batch.streams.set(streamId, head);
    if (plan.key) {
      decision.keys.push(plan.key);
      batch.keys.set(keyOf(plan.key.scope, plan.key.key), plan.key);
    }
    for (const [key, owner] of plan.claims ?? []) {
      const change = touched.get(key) ?? { before: batch.claims.get(key) ?? null, after: null };
      change.after = owner;
      touched.set(key, change);
      if (owner === null) batch.claims.delete(key);
      else batch.claims.set(key, owner);
    }
  }
  for (const [key, { before, after }] of touched) {
    if (before === after) continue;
    if (before !== null) decision.claims.release.push({ key, owner: before });
    if (after !== null) decision.claims.take.push({ key, owner: after });
  }
  return decision;
}

type Batch = Omit<BatchState, 'head' | 'now'> & { head: { logPosition: number; hash: string }; recordedAt: string };

function planUnit(batch: Batch, unit: PreparedUnit): UnitPlan {
  const idempotency = unit.idempotency;
  if (idempotency) {
    const stored = batch.keys.get(keyOf(idempotency.scope, idempotency.key));
    if (stored) {
      if (stored.requestHash !== idempotency.requestHash) throw new IdempotencyKeyReusedError(idempotency.key);
      return { result: replayOf(batch, unit, stored), events: [], streams: new Map() };
    }
  }
  assertDistinctIds(unit);
  const stored = storedUnit(batch, unit);
  const plan = stored ?? newUnit(batch, unit);
  // A unit written before (the same event ids) took its claims then.
  if (!stored && unit.claims) plan.claims = claimsAfter(batch, unit.claims);
  if (idempotency) {
    const response = storableJson(idempotency.storedResult(plan.result), 'the idempotent result');
    plan.key = {
      scope: idempotency.scope,
      key: idempotency.key,
      requestHash: idempotency.requestHash,
      response,
      logPosition: plan.result.logPosition,
      recordedAt: batch.recordedAt,
    };
  }
  return plan;
}

/** The claims a unit holds after it: its releases first, then its takes; a take another owner holds refuses the unit. */
function claimsAfter(batch: Batch, claims: NonNullable<PreparedUnit['claims']>): Map<string, string | null> {
  const after = new Map<string, string | null>();
  for (const key of claims.release) after.set(key, null);
  const taken: { index: number; key: string; owner: string }[] = [];
  claims.take.forEach(({ key, owner }, index) => {
    const holder = after.has(key) ? after.get(key)! : (batch.claims.get(key) ?? null);
    if (holder !== null && holder !== owner) taken.push({ index, key, owner: holder });
    else after.set(key, owner);
  });
  if (taken.length > 0) throw new ClaimTakenError(taken);
  return after;
}

/**
 * A key seen before with the same request: nothing is written and `replayed` carries the
 * first answer; the items report where the unit's streams stand now.
 */
function replayOf(batch: Batch, unit: PreparedUnit, stored: StoredKey): AppendResult {
  return {
    written: false,
    items: unit.items.map((item) => currentItem(batch, item.streamId)),
    logPosition: stored.logPosition ?? 0,
    recordedAt: stored.recordedAt,
    replayed: stored.response,
  };
}

function currentItem(batch: Batch, streamId: string): AppendedItem {
  const head = batch.streams.get(streamId);
  return { streamId, revision: head?.revision ?? -1, logPosition: head?.logPosition ?? 0 };
}

function assertDistinctIds(unit: PreparedUnit): void {
  const seen = new Set<string>();
  unit.items.forEach((item, itemIndex) => {
    for (const event of item.events) {
      if (seen.has(event.eventId)) throw new DuplicateEventIdError(event.eventId, itemIndex);
      seen.add(event.eventId);
    }
  });
}

/**
 * EventStoreDB's idempotency rule: when every event id already stands right after the
 * item's expected revision (anywhere in its stream for `any`/`stream_exists`), the unit
 * was written before and succeeds again without writing. Some ids stored, or stored
 * elsewhere, is a conflict. Null when none of the ids is stored.
 */
function storedUnit(batch: Batch, unit: PreparedUnit): UnitPlan | null {
  let firstStored: DuplicateEventIdError | null = null;
  let firstMisplaced: DuplicateEventIdError | null = null;
  let missing = 0;
  let latest: StoredEventPlace | null = null;
  const items: AppendedItem[] = [];
  for (const [itemIndex, item] of unit.items.entries()) {
    const places = item.events.map((event) => batch.eventsById.get(event.eventId));
    const firstRevision = firstRevisionFor(item.expected, places[0]);
    for (const [index, place] of places.entries()) {
      if (!place) {
        missing += 1;
        continue;
      }
      const eventId = item.events[index].eventId;
      firstStored ??= new DuplicateEventIdError(eventId, itemIndex);
      if (place.streamId !== item.streamId || place.revision !== firstRevision + index) {
        firstMisplaced ??= new DuplicateEventIdError(eventId, itemIndex);
      }
      if (!latest || place.logPosition > latest.logPosition) latest = place;
    }
    const last = places.at(-1);
    items.push(last ? { streamId: item.streamId, revision: last.revision, logPosition: last.logPosition } : currentItem(batch, item.streamId));
  }
  if (!firstStored || !latest) return null;
  if (firstMisplaced) throw firstMisplaced;
  if (missing > 0) throw firstStored;
  const result = { written: false, items, logPosition: latest.logPosition, recordedAt: latest.recordedAt };
  return { result, events: [], streams: new Map() };
}

function firstRevisionFor(expected: ExpectedRevision, firstPlace: StoredEventPlace | undefined): number {
  if (typeof expected === 'number') return expected + 1;
  if (expected === 'no_stream') return 0;
  return firstPlace?.revision ?? Number.NaN;
}

/** Checks each item's expectation, then assigns revisions, positions and the chain. */
function newUnit(batch: Batch, unit: PreparedUnit): UnitPlan {
  const streams = new Map<string, StreamHead>();
  const events: RecordedEvent[] = [];
  let { logPosition, hash: prevHash } = batch.head;
  const items = unit.items.map((item: PreparedItem, itemIndex): AppendedItem => {
    const head = streams.get(item.streamId) ?? batch.streams.get(item.streamId) ?? null;
    if (!expectationHolds(item.expected, head)) {
      throw new WrongExpectedRevisionError(item.streamId, item.expected, head?.revision ?? null, itemIndex);
    }
    let revision = head?.revision ?? -1;
    let lastPosition = head?.logPosition ?? 0;
    for (const event of item.events) {
      revision += 1;
      logPosition += 1;
      const metadata: EventMetadata = { ...event.metadata, recordedAt: batch.recordedAt };
      const link = { logPosition, streamId: item.streamId, revision, type: event.type, dataHash: event.dataHash, metadata };
      const hash = eventHash(prevHash, link);
      events.push({ ...link, eventId: event.eventId, data: event.data, prevHash, hash });
      prevHash = hash;
      lastPosition = logPosition;
    }
    if (item.events.length > 0) streams.set(item.streamId, { revision, logPosition: lastPosition });
    return { streamId: item.streamId, revision, logPosition: lastPosition };
  });
  const unitPosition = events.at(-1)?.logPosition ?? Math.max(0, ...items.map((item) => item.logPosition));
  const result = { written: events.length > 0, items, logPosition: unitPosition, recordedAt: batch.recordedAt };
  return { result, events, streams };
}

function expectationHolds(expected: ExpectedRevision, head: StreamHead | null): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return head === null;
  if (expected === 'stream_exists') return head !== null;
  return head?.revision === expected;
}

/** Transaction time never runs backwards along the log, whatever the clocks do. */
function laterOf(now: string, headRecordedAt: string | null): string {
  return headRecordedAt !== null && Date.parse(headRecordedAt) > Date.parse(now) ? headRecordedAt : now;
}
