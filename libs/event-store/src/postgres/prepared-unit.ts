import type { AppendUnit, EventMetadataInput, ExpectedRevision, IdempotencyRequest, JsonObject, JsonValue, UniqueClaims } from '../event-store.port.js';
import { isEventMetadataInput } from '../event-metadata.js';
import { dataHash } from '../hash-chain.js';

/** A new event made ready for the writer: normalised JSON, lower-case id, data hashed. */
export interface PreparedEvent {
  eventId: string;
  type: string;
  data: JsonObject;
  dataHash: string;
  metadata: EventMetadataInput;
}

export interface PreparedItem {
  streamId: string;
  expected: ExpectedRevision;
  events: PreparedEvent[];
}

export interface PreparedUnit {
  items: PreparedItem[];
  idempotency?: IdempotencyRequest;
  claims?: UniqueClaims;
  eventCount: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// PostgreSQL text and jsonb refuse U+0000, and UTF-8 cannot encode an unpaired surrogate.
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what PostgreSQL refuses
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// The same in JSON.stringify's output, where both appear only as escapes — `\u0000` and
// `\ud800`–`\udfff` (a paired surrogate is written as is) — and an escape counts only
// after an even run of backslashes (`\\u0000` is an escaped backslash, then "u0000").
const UNSTORABLE_ESCAPE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/**
 * Checks a unit and hashes its data in the caller's turn, before it joins a batch: a unit
 * the database would refuse must fail alone (TypeError) rather than fail its batch-mates.
 */
export function prepareUnit(unit: AppendUnit): PreparedUnit {
  if (!Array.isArray(unit.items) || unit.items.length === 0) throw new TypeError('an append unit needs at least one item');
  let eventCount = 0;
  const items = unit.items.map((item, itemIndex): PreparedItem => {
    const where = `item ${itemIndex}`;
    assertText(item.streamId, `${where}: streamId`);
    assertExpected(item.expected, where);
    const events = item.events.map((event, eventIndex): PreparedEvent => {
      const at = `${where}, event ${eventIndex}`;
      const eventId = typeof event.eventId === 'string' ? event.eventId.toLowerCase() : '';
      if (!UUID.test(eventId)) throw new TypeError(`${at}: eventId must be a UUID`);
      assertText(event.type, `${at}: type`);
      const data = storableObject(event.data, `${at}: data`);
      const metadata = storableObject(event.metadata, `${at}: metadata`);
      if (!isEventMetadataInput(metadata)) throw new TypeError(`${at}: metadata must have recordedBy, correlationId, causationId and schemaVersion`);
      return { eventId, type: event.type, data, dataHash: dataHash(data), metadata };
    });
    eventCount += events.length;
    return { streamId: item.streamId, expected: item.expected, events };
  });
  for (const key of [...(unit.claims?.release ?? []), ...(unit.claims?.take ?? []).flatMap(({ key, owner }) => [key, owner])]) assertText(key, 'a claim');
  return { items, idempotency: unit.idempotency, ...(unit.claims ? { claims: unit.claims } : {}), eventCount };
}

function assertText(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || UNSTORABLE.test(value)) {
    throw new TypeError(`${what} must be a non-empty string without U+0000 or unpaired surrogates`);
  }
}

function assertExpected(expected: ExpectedRevision, where: string): void {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  throw new TypeError(`${where}: expected revision must be any, no_stream, stream_exists or a revision ≥ 0`);
}

function storableObject(value: unknown, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${what} must be a JSON object`);
  return storableJson(value, what) as JsonObject;
}

/**
 * The value as JSON will store it (undefined members dropped, dates as strings), so that
 * what is hashed is exactly what is stored and read back.
 */
export function storableJson(value: unknown, what: string): JsonValue {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`${what} has no JSON form`);
  // Checked on the text rather than on every key and string while parsing: much cheaper.
  if (UNSTORABLE_ESCAPE.test(text)) throw new TypeError(`${what} must not contain U+0000 or unpaired surrogates`);
  return JSON.parse(text) as JsonValue;
}
