import { Injectable } from '@nestjs/common';
import { canonicalize } from '@app/event-store';
import { createHash, randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { IdempotencyKeyInFlightError } from './ledger.errors.js';

/** Namespace for event ids derived from idempotency keys (UUIDv5), fixed forever. */
const EVENT_ID_NAMESPACE = '7c1f5a3e-2b4d-5e8f-9a01-3c5d7e9f1b2a';

export interface IdempotencyContext {
  scope: string;
  key: string;
  requestHash: string;
  /** Event ids a retry of the same request maps onto, so a lost answer never duplicates. */
  eventId(index: number): string;
  release(): void;
}

export function requestHash(body: unknown): string {
  let canonical: string;
  try {
    canonical = canonicalize(body ?? null) ?? 'null';
  } catch {
    // RFC 8785 has no form for a lone surrogate (canonicalize throws). Validation refuses
    // such a body before anything is stored under its key, so any stable text will do.
    canonical = JSON.stringify(body);
  }
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * Idempotency-Key bookkeeping for one process: which keys have a request in flight (a
 * second one is refused). The keys themselves, with their results, are stored by the
 * event store in the same transaction as the events.
 */
@Injectable()
export class IdempotencyKeys {
  private readonly inFlight = new Set<string>();

  /**
   * Starts a request under `key` (already checked for its form by the caller), or returns
   * null without one. `scope` (who sent it, to which route) keeps two clients' keys apart;
   * `body` is the request as sent, which a replay must match.
   */
  begin(principal: string, route: string, key: string | undefined, body: unknown): IdempotencyContext | null {
    if (key === undefined) return null;
    const scope = `${principal} ${route}`;
    const slot = `${scope}\n${key}`;
    if (this.inFlight.has(slot)) throw new IdempotencyKeyInFlightError(key);
    this.inFlight.add(slot);
    return {
      scope,
      key,
      requestHash: requestHash(body),
      eventId: (index) => uuidv5(`${slot}\n${index}`, EVENT_ID_NAMESPACE),
      release: () => this.inFlight.delete(slot),
    };
  }
}

export function newEventId(context: IdempotencyContext | null, index: number): string {
  return context ? context.eventId(index) : randomUUID();
}
