import type { EventMetadataInput } from './event-store.port.js';

/** Whether a value read back as JSON (or given by a caller) has the ledger's metadata fields. */
export function isEventMetadataInput(value: unknown): value is EventMetadataInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { recordedBy, correlationId, causationId, schemaVersion } = value as Partial<Record<keyof EventMetadataInput, unknown>>;
  return (
    typeof recordedBy === 'string' &&
    typeof correlationId === 'string' &&
    (typeof causationId === 'string' || causationId === null) &&
    typeof schemaVersion === 'number'
  );
}
