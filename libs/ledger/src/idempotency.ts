import { Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { createHash, randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { Problem } from '../../../apps/api/src/http/problem.js';

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
 * `Idempotency-Key` bookkeeping for one process: which keys have a request in flight
 * (a second one gets 409). The keys themselves, with their answers, are stored by the
 * event store in the same transaction as the events.
 */
@Injectable()
export class IdempotencyKeys {
  private readonly inFlight = new Set<string>();

  begin(principal: string, route: string, header: string | string[] | undefined, body: unknown): IdempotencyContext | null {
    if (header === undefined) return null;
    const key = Array.isArray(header) ? header.join(',') : header;
    if (key.length < 1 || key.length > 255 || /[^\x20-\x7e]/.test(key)) {
      throw new Problem('validation', 'Idempotency-Key must be 1–255 visible ASCII characters', {
        errors: [{ pointer: '/headers/idempotency-key', detail: '1–255 visible ASCII characters' }],
      });
    }
    const scope = `${principal} ${route}`;
    const slot = `${scope}\n${key}`;
    if (this.inFlight.has(slot)) {
      throw new Problem('conflict', 'a request with this Idempotency-Key is still in flight');
    }
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
