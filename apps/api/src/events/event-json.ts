import type { RecordedEvent } from '@app/event-store';

/** The Event resource of CONTRACT.md, in its field order (the store's event id stays internal). */
export function toEventJson(event: RecordedEvent) {
  return {
    logPosition: event.logPosition,
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    dataHash: event.dataHash,
    // As stored: the hash covers every metadata field, so none may be dropped or added.
    metadata: event.metadata,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}
