import type { EventMetadataInput, JsonObject, NewEvent } from '@app/event-store';
import type { Principal } from '../../../apps/api/src/auth/api-keys.js';
import { newEventId, type IdempotencyContext } from './idempotency.js';

/** Who sent a command and under which request; becomes the events' metadata. */
export interface CommandContext {
  principal: Principal;
  correlationId: string;
  idempotency: IdempotencyContext | null;
}

export const SCHEMA_VERSION = 1;

export function metadataFor(context: CommandContext): EventMetadataInput {
  return {
    recordedBy: context.principal.name,
    correlationId: context.correlationId,
    causationId: null,
    schemaVersion: SCHEMA_VERSION,
  };
}

/** Domain events → store events; ids derive from the idempotency key when there is one. */
export function toNewEvents(
  context: CommandContext,
  events: { type: string; data: unknown }[],
  firstIndex = 0,
): NewEvent[] {
  return events.map((event, index) => ({
    eventId: newEventId(context.idempotency, firstIndex + index),
    type: event.type,
    data: event.data as JsonObject,
    metadata: metadataFor(context),
  }));
}
