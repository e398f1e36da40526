import type { EventMetadata, JsonObject, RecordedEvent } from '../event-store.port.js';

/** The `events` columns in the order every reader selects them. */
export const EVENT_COLUMNS = 'log_position, stream_id, revision, event_id, type, data, data_hash, metadata, prev_hash, hash';

export interface EventRow {
  /** bigint: node-postgres returns it as a string. */
  log_position: string;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: JsonObject;
  data_hash: string;
  metadata: EventMetadata;
  prev_hash: string;
  hash: string;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    logPosition: Number(row.log_position),
    streamId: row.stream_id,
    revision: row.revision,
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    dataHash: row.data_hash,
    metadata: row.metadata,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** The inverse, as the writer sends new rows to `jsonb_to_recordset`. */
export function toEventRow(event: RecordedEvent): Omit<EventRow, 'log_position'> & { log_position: number } {
  return {
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
  };
}
