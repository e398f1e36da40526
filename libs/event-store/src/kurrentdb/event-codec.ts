import type { AllStreamResolvedEvent, JSONEventData, Position } from '@kurrent/kurrentdb-client';
import type { EventMetadataInput, JsonObject } from '../event-store.port.js';
import { isEventMetadataInput } from '../event-metadata.js';
import { storableJson, type PreparedEvent } from '../postgres/prepared-unit.js';

/**
 * How a port event is written to KurrentDB and read back from `$all`.
 *
 * - data: the event's JSON object, as a JSON event (`application/json`).
 * - metadata: a JSON object with one string member, {@link METADATA_PROPERTY}, holding the
 *   port's metadata as JSON text. KurrentDB's multi-stream append accepts only string
 *   values in metadata, while ours holds a number (`schemaVersion`) and a null
 *   (`causationId`); one encoding serves both append paths and any extra members the
 *   server may add on the way are ignored.
 * - the event id (UUID) passes through, so KurrentDB's idempotency by id applies.
 */
export const METADATA_PROPERTY = 'stance-ledger/metadata';

export function toEventData(event: PreparedEvent): JSONEventData {
  return {
    id: event.eventId,
    contentType: 'application/json',
    type: event.type,
    data: event.data,
    metadata: { [METADATA_PROPERTY]: JSON.stringify(event.metadata) },
  };
}

/** An event read from `$all` that this adapter wrote, ready to be chained. */
export interface IncomingEvent {
  eventId: string;
  /** The port's stream id (the KurrentDB name without the store's prefix). */
  streamId: string;
  revision: number;
  type: string;
  data: JsonObject;
  metadata: EventMetadataInput;
  /** When KurrentDB stored it, RFC 3339 UTC with milliseconds. */
  created: string;
  /** Its place in `$all`; events of one KurrentDB transaction share `commit`. */
  position: Position | null;
}

export type Decoded = { ok: true; event: IncomingEvent } | { ok: false; reason: string; eventId?: string; streamId?: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

function jsonOf(value: unknown): unknown {
  return value instanceof Uint8Array ? JSON.parse(decoder.decode(value)) : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** The metadata as JSON will store it (as `storableJson` does), still the ledger's metadata. */
function storedMetadata(metadata: EventMetadataInput): EventMetadataInput {
  const stored = storableJson(metadata, 'metadata');
  if (!isEventMetadataInput(stored)) throw new TypeError('metadata lost a field on its way to JSON');
  return stored;
}

function metadataOf(raw: unknown): EventMetadataInput | null {
  const outer = jsonOf(raw);
  if (!isObject(outer) || typeof outer[METADATA_PROPERTY] !== 'string') return null;
  const inner: unknown = JSON.parse(outer[METADATA_PROPERTY]);
  return isEventMetadataInput(inner) ? inner : null;
}

/**
 * Turns an event from the `$all` subscription back into a port event, or says why the
 * chainer must pass it by: a link, a system or foreign stream, or an event this adapter
 * did not write (no ledger metadata, data that is not a JSON object PostgreSQL can store).
 */
export function fromResolvedEvent(resolved: AllStreamResolvedEvent, streamPrefix: string): Decoded {
  const recorded = resolved.event;
  if (!recorded || resolved.link) return { ok: false, reason: 'a link event' };
  const { streamId: name, id } = recorded;
  const where = { eventId: id, streamId: name };
  if (name.startsWith('$') || !name.startsWith(streamPrefix) || name.length === streamPrefix.length) {
    return { ok: false, reason: 'not a stream of this store', ...where };
  }
  try {
    const data = jsonOf(recorded.data);
    if (!isObject(data)) return { ok: false, reason: 'its data is not a JSON object', ...where };
    const metadata = metadataOf(recorded.metadata);
    if (!metadata) return { ok: false, reason: 'it has no ledger metadata: not written by this store', ...where };
    return {
      ok: true,
      event: {
        eventId: id.toLowerCase(),
        streamId: name.slice(streamPrefix.length),
        revision: Number(recorded.revision),
        type: recorded.type,
        data: storableJson(data, 'data') as JsonObject,
        metadata: storedMetadata(metadata),
        created: recorded.created.toISOString(),
        position: recorded.position ?? null,
      },
    };
  } catch (error) {
    return { ok: false, reason: `it cannot be stored: ${error instanceof Error ? error.message : String(error)}`, ...where };
  }
}
