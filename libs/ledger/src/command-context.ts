import type { EventMetadataInput, NewEvent } from '@app/event-store';
import { CURRENT_SCHEMA_VERSION, type LedgerEvent } from '@app/statements';
import { newEventId, type IdempotencyContext } from './idempotency.js';

/** Who sent a command: an API key's name (and role), or "cli". */
export interface CommandPrincipal {
  name: string;
  role?: string;
}

/** Who sent a command and under which request; becomes the events' metadata. */
export interface CommandContext {
  principal: CommandPrincipal;
  correlationId: string;
  idempotency: IdempotencyContext | null;
}

export function metadataFor(context: CommandContext): EventMetadataInput {
  return {
    recordedBy: context.principal.name,
    correlationId: context.correlationId,
    causationId: null,
    schemaVersion: CURRENT_SCHEMA_VERSION,
  };
}

/** Domain events → store events; ids derive from the idempotency key when there is one. */
export function toNewEvents(context: CommandContext, events: readonly LedgerEvent[], firstIndex = 0): NewEvent[] {
  return events.map((event, index) => ({
    eventId: newEventId(context.idempotency, firstIndex + index),
    type: event.type,
    data: event.data,
    metadata: metadataFor(context),
  }));
}
